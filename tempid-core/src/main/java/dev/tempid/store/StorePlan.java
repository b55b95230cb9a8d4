package dev.tempid.store;

import java.util.Objects;
import java.util.function.Function;

/**
 * What is left of an operation that needs a use store: either its result, or a
 * {@link StoreCall} to make and what to do with its answer. A {@code TokenService}
 * operation is written once as a plan, and each kind of store runs it its own way: a
 * blocking {@link UseStore} with {@link #runOn(UseStore)}, a reactive store one call at a
 * time ({@link #call()}, then {@link #next(Object)} with the answer), so that every store
 * takes the same steps in the same order. Immutable; a plan can be run any number of
 * times.
 *
 * <p>The functions that continue a plan do no I/O: they check answers (throwing the
 * operation's exceptions, such as a used-up or revoked token's) and build results.
 *
 * @param <T> the operation's result
 */
public abstract sealed class StorePlan<T> permits StorePlan.Done, StorePlan.Call {

	private StorePlan() {
	}

	/** A plan with nothing left to ask: its result. */
	public static <T> StorePlan<T> done(T value) {
		return new Done<>(Objects.requireNonNull(value, "value must not be null"));
	}

	/** A plan that asks the store {@code call}, then continues with {@code next} of its answer. */
	public static <R, T> StorePlan<T> call(StoreCall<R> call, Function<? super R, StorePlan<T>> next) {
		return new Call<>(call, next);
	}

	/** A plan of one call whose answer is the result. */
	public static <R> StorePlan<R> of(StoreCall<R> call) {
		return new Call<R, R>(call, StorePlan::done);
	}

	/** Whether the plan is finished: {@link #value()} is its result. */
	public abstract boolean isDone();

	/**
	 * The result of a finished plan.
	 * @throws IllegalStateException when a store call is still to be made
	 */
	public abstract T value();

	/**
	 * The store call to make next.
	 * @throws IllegalStateException when the plan is finished
	 */
	public abstract StoreCall<?> call();

	/**
	 * The rest of the plan, given the store's answer to {@link #call()}.
	 * @param answer what the store answered, of the call's answer type
	 * @throws IllegalStateException when the plan is finished
	 */
	public abstract StorePlan<T> next(Object answer);

	/** This plan, then {@code next} of its result. */
	public abstract <U> StorePlan<U> then(Function<? super T, StorePlan<U>> next);

	/** This plan, its result mapped. */
	public <U> StorePlan<U> map(Function<? super T, ? extends U> mapper) {
		return then((value) -> done(mapper.apply(value)));
	}

	/** Runs the plan on a blocking store: each call, in order, on the calling thread. */
	public T runOn(UseStore store) {
		StorePlan<T> plan = this;
		while (!plan.isDone()) {
			plan = plan.next(plan.call().on(store));
		}
		return plan.value();
	}

	static final class Done<T> extends StorePlan<T> {

		private final T value;

		private Done(T value) {
			this.value = value;
		}

		@Override
		public boolean isDone() {
			return true;
		}

		@Override
		public T value() {
			return this.value;
		}

		@Override
		public StoreCall<?> call() {
			throw new IllegalStateException("the plan is finished");
		}

		@Override
		public StorePlan<T> next(Object answer) {
			throw new IllegalStateException("the plan is finished");
		}

		@Override
		public <U> StorePlan<U> then(Function<? super T, StorePlan<U>> next) {
			return next.apply(this.value);
		}

		@Override
		public String toString() {
			return "StorePlan.Done";
		}

	}

	static final class Call<R, T> extends StorePlan<T> {

		private final StoreCall<R> call;

		private final Function<? super R, StorePlan<T>> next;

		private Call(StoreCall<R> call, Function<? super R, StorePlan<T>> next) {
			this.call = Objects.requireNonNull(call, "call must not be null");
			this.next = Objects.requireNonNull(next, "next must not be null");
		}

		@Override
		public boolean isDone() {
			return false;
		}

		@Override
		public T value() {
			throw new IllegalStateException("a store call is still to be made: " + this.call);
		}

		@Override
		public StoreCall<?> call() {
			return this.call;
		}

		@Override
		@SuppressWarnings("unchecked")
		public StorePlan<T> next(Object answer) {
			return this.next.apply((R) Objects.requireNonNull(answer, "answer must not be null"));
		}

		@Override
		public <U> StorePlan<U> then(Function<? super T, StorePlan<U>> then) {
			return new Call<R, U>(this.call, (answer) -> this.next.apply(answer).then(then));
		}

		@Override
		public String toString() {
			return "StorePlan.Call[" + this.call + "]";
		}

	}

}
