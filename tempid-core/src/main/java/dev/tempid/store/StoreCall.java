package dev.tempid.store;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One call of a {@link UseStore} operation, as a value: what a {@link StorePlan} asks a
 * store to do next. {@link #on(UseStore)} runs it on a blocking store; a store of another
 * kind (tempid-spring's reactive stores) runs it through a {@link Handler}, whose one
 * method per call makes the compiler name every call a handler must know.
 *
 * @param <R> what the store answers
 */
public sealed interface StoreCall<R> {

	/** Runs this call on a blocking store. */
	R on(UseStore store);

	/** Hands this call to the handler's method for its kind. */
	<X> X accept(Handler<X> handler);

	/**
	 * Runs each kind of store call its own way, for stores that are not a
	 * {@link UseStore}.
	 * @param <X> what the handler makes of a call (for a reactive store, a publisher of
	 * the call's answer)
	 */
	interface Handler<X> {

		X consume(Consume call);

		X retire(Retire call);

		X release(Release call);

		X revoke(Revoke call);

		X usage(Usage call);

		X generation(NextGeneration call);

		X advanceGenerations(AdvanceGenerations call);

		X putCode(PutCode call);

		X useCode(UseCode call);

		X count(Count call);

	}

	/**
	 * {@link UseStore#consume(String, int, Duration)}, or with a generation
	 * {@link UseStore#consume(String, int, Duration, Generation)}.
	 */
	record Consume(String tokenId, int maxUses, Duration ttl, @Nullable Generation generation)
			implements StoreCall<UseDecision> {

		public Consume {
			Objects.requireNonNull(tokenId, "tokenId must not be null");
			Objects.requireNonNull(ttl, "ttl must not be null");
		}

		@Override
		public UseDecision on(UseStore store) {
			return (this.generation != null) ? store.consume(this.tokenId, this.maxUses, this.ttl, this.generation)
					: store.consume(this.tokenId, this.maxUses, this.ttl);
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.consume(this);
		}

	}

	/**
	 * {@link UseStore#retire(String, int, Duration)}, or with a generation
	 * {@link UseStore#retire(String, int, Duration, Generation)}.
	 */
	record Retire(String tokenId, int maxUses, Duration ttl, @Nullable Generation generation)
			implements StoreCall<UseDecision> {

		public Retire {
			Objects.requireNonNull(tokenId, "tokenId must not be null");
			Objects.requireNonNull(ttl, "ttl must not be null");
		}

		@Override
		public UseDecision on(UseStore store) {
			return (this.generation != null) ? store.retire(this.tokenId, this.maxUses, this.ttl, this.generation)
					: store.retire(this.tokenId, this.maxUses, this.ttl);
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.retire(this);
		}

	}

	/** {@link UseStore#release(String)}: answers whether a use was given back. */
	record Release(String tokenId) implements StoreCall<Boolean> {

		public Release {
			Objects.requireNonNull(tokenId, "tokenId must not be null");
		}

		@Override
		public Boolean on(UseStore store) {
			return store.release(this.tokenId);
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.release(this);
		}

	}

	/** {@link UseStore#revoke(String, Duration)}: answers {@code true} once recorded. */
	record Revoke(String tokenId, Duration ttl) implements StoreCall<Boolean> {

		public Revoke {
			Objects.requireNonNull(tokenId, "tokenId must not be null");
			Objects.requireNonNull(ttl, "ttl must not be null");
		}

		@Override
		public Boolean on(UseStore store) {
			store.revoke(this.tokenId, this.ttl);
			return Boolean.TRUE;
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.revoke(this);
		}

	}

	/** {@link UseStore#usage(String)}, or with a generation {@link UseStore#usage(String, Generation)}. */
	record Usage(String tokenId, @Nullable Generation generation) implements StoreCall<UseRecord> {

		public Usage {
			Objects.requireNonNull(tokenId, "tokenId must not be null");
		}

		@Override
		public UseRecord on(UseStore store) {
			return (this.generation != null) ? store.usage(this.tokenId, this.generation) : store.usage(this.tokenId);
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.usage(this);
		}

	}

	/** {@link UseStore#generation(String, String, boolean, Duration)}. */
	record NextGeneration(String subject, String purpose, boolean advance, Duration ttl) implements StoreCall<Long> {

		public NextGeneration {
			Generation.checkSubject(subject);
			Generation.checkPurpose(purpose);
			Objects.requireNonNull(ttl, "ttl must not be null");
		}

		@Override
		public Long on(UseStore store) {
			return store.generation(this.subject, this.purpose, this.advance, this.ttl);
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.generation(this);
		}

	}

	/** {@link UseStore#advanceGenerations(String, String)}: answers {@code true} once recorded. */
	record AdvanceGenerations(String subject, @Nullable String purpose) implements StoreCall<Boolean> {

		public AdvanceGenerations {
			Generation.checkSubject(subject);
			if (purpose != null) {
				Generation.checkPurpose(purpose);
			}
		}

		@Override
		public Boolean on(UseStore store) {
			store.advanceGenerations(this.subject, this.purpose);
			return Boolean.TRUE;
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.advanceGenerations(this);
		}

	}

	/**
	 * {@link UseStore#putCode(String, String, String, Generation, Duration)}: answers
	 * {@code true} once recorded. Its {@code toString()} leaves out the code's hash.
	 */
	record PutCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl)
			implements StoreCall<Boolean> {

		public PutCode {
			Objects.requireNonNull(codeId, "codeId must not be null");
			Objects.requireNonNull(hash, "hash must not be null");
			Objects.requireNonNull(tokenId, "tokenId must not be null");
			Objects.requireNonNull(generation, "generation must not be null");
			Objects.requireNonNull(ttl, "ttl must not be null");
		}

		@Override
		public Boolean on(UseStore store) {
			store.putCode(this.codeId, this.hash, this.tokenId, this.generation, this.ttl);
			return Boolean.TRUE;
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.putCode(this);
		}

		@Override
		public String toString() {
			return "PutCode[codeId=" + this.codeId + ", tokenId=" + this.tokenId + ", generation=" + this.generation
					+ ", ttl=" + this.ttl + "]";
		}

	}

	/**
	 * {@link UseStore#useCode(String, String, int, int, Duration)}. Its
	 * {@code toString()} leaves out the hash of the code tried.
	 */
	record UseCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl)
			implements StoreCall<CodeDecision> {

		public UseCode {
			Objects.requireNonNull(codeId, "codeId must not be null");
			Objects.requireNonNull(hash, "hash must not be null");
			Objects.requireNonNull(ttl, "ttl must not be null");
		}

		@Override
		public CodeDecision on(UseStore store) {
			return store.useCode(this.codeId, this.hash, this.maxTries, this.maxUses, this.ttl);
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.useCode(this);
		}

		@Override
		public String toString() {
			return "UseCode[codeId=" + this.codeId + ", maxTries=" + this.maxTries + ", maxUses=" + this.maxUses
					+ ", ttl=" + this.ttl + "]";
		}

	}

	/** {@link UseStore#count(String, int, Duration)}. */
	record Count(String key, int limit, Duration window) implements StoreCall<WindowCount> {

		public Count {
			Objects.requireNonNull(key, "key must not be null");
			Objects.requireNonNull(window, "window must not be null");
		}

		@Override
		public WindowCount on(UseStore store) {
			return store.count(this.key, this.limit, this.window);
		}

		@Override
		public <X> X accept(Handler<X> handler) {
			return handler.count(this);
		}

	}

}
