package dev.tempid.store;

import dev.tempid.IssueLimit;
import dev.tempid.LocalKey;
import dev.tempid.PurposePolicy;
import dev.tempid.TokenService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A store that cannot serve a service's purposes fails when the service is built, not at a first login. */
class StoreFeaturesTests {

	private final TokenService.Builder builder = TokenService.builder().localKey(LocalKey.generate());

	@Test
	void keepsSubjectGenerationsWhenTheStoreImplementsThemThenTrueOtherwiseFalse() {
		assertThat(StoreFeatures.keepsSubjectGenerations(new InMemoryUseStore(), UseStore.class)).isTrue();
		assertThat(StoreFeatures.keepsSubjectGenerations(new BareUseStore(), UseStore.class)).isFalse();
		assertThat(StoreFeatures.countsEvents(new InMemoryUseStore(), UseStore.class)).isTrue();
		assertThat(StoreFeatures.countsEvents(new BareUseStore(), UseStore.class)).isFalse();
	}

	@Test
	void buildWhenASingleActivePurposeMeetsAStoreWithoutGenerationsThenRefusedNamingThePurpose() {
		this.builder.store(new BareUseStore())
			.purpose("password-reset", PurposePolicy.NONE.withSingleActive(true))
			.purpose("invite", PurposePolicy.NONE.withRevocableBySubject(true))
			.purpose("api", PurposePolicy.NONE.withMaxUses(1));
		assertThatIllegalStateException().isThrownBy(this.builder::build)
			.withMessageContaining(BareUseStore.class.getName() + " keeps no subject generations")
			.withMessageContaining("[invite, password-reset]")
			.withMessageNotContaining("api");
	}

	@Test
	void buildWhenAnIssueLimitMeetsAStoreThatCountsNothingThenRefusedNamingThePurpose() {
		this.builder.store(new BareUseStore()).issueLimit("magic-link", IssueLimit.valueOf("3 per 15m"));
		assertThatIllegalStateException().isThrownBy(this.builder::build)
			.withMessageContaining("does not count events")
			.withMessageContaining("[magic-link]");
	}

	@Test
	void buildWhenTheStoreServesWhatThePurposesNeedThenBuilt() {
		assertThat(this.builder.store(new BareUseStore()).purpose("api", PurposePolicy.NONE.withMaxUses(1)).build())
			.isNotNull();
		assertThat(TokenService.builder().localKey(LocalKey.generate()).store(new InMemoryUseStore())
			.purpose("password-reset", PurposePolicy.NONE.withSingleActive(true))
			.issueLimit("password-reset", IssueLimit.valueOf("3 per 15m"))
			.build()).isNotNull();
	}

}
