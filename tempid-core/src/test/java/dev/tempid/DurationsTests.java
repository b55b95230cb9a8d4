package dev.tempid;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "250ms|PT0.25S", "45|PT45S", "30s|PT30S", "1sec|PT1S", "2secs|PT2S",
			"1second|PT1S", "3seconds|PT3S", "15m|PT15M", "1min|PT1M", "5mins|PT5M", "1minute|PT1M",
			"10minutes|PT10M", "2h|PT2H", "1hr|PT1H", "3hrs|PT3H", "1hour|PT1H", "4hours|PT4H", "7d|PT168H",
			"1day|PT24H", "2days|PT48H", "1w|PT168H", "1week|PT168H", "2weeks|PT336H", "1h30m|PT1H30M",
			"1h 30m 15s|PT1H30M15S", "  2H  |PT2H", "1D 2H|PT26H", "PT15M|PT15M", "p7d|PT168H", "-PT1M|PT-1M",
			"+PT1M|PT1M", "000000000012s|PT12S" })
	void parseWhenAcceptedFormThenThatDuration(String text, String iso) {
		assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "15x", "m", "1h m", "1.5h", "-5m", "1h-", "1h,2m", "1_000s", "15mm",
			"1000000000000s" })
	void parseWhenNotADurationThenRefusedWithTheFormsToUse(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
			.withMessage("'" + text.strip() + "' is not a duration: use forms like 30s, 15m, 2h, 7d, 1h30m or ISO-8601 (PT15M)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "P", "PT", "P1X", "-P", "PT1.5.5S" })
	void parseWhenBrokenIso8601ThenRefusedAsSuch(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
			.withMessage("'" + text + "' is not an ISO-8601 duration");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "\t" })
	void parseWhenEmptyThenRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
			.withMessage("a duration must not be empty");
	}

	@Test
	void parseWhenSignWithoutIsoDesignatorThenNotReadAsIso() {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("-")).withMessageContaining("not a duration");
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("+5m")).withMessageContaining("not a duration");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "PT0S|expired", "PT-1S|expired", "PT0.5S|<1s", "PT1S|1s", "PT59S|59s",
			"PT1M|1m", "PT1M1S|1m 1s", "PT14M59S|14m 59s", "PT59M59S|59m 59s", "PT1H|1h", "PT1H0M59S|1h",
			"PT2H5M|2h 5m", "PT23H59M|23h 59m", "PT24H|1d", "PT24H59M|1d", "PT76H|3d 4h", "PT240H|10d" })
	void formatWhenAnyDurationThenTheLargestTwoUnits(String iso, String text) {
		assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
	}

}
