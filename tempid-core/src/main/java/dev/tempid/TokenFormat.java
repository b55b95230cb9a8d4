package dev.tempid;

/** The two PASETO v4 purposes that tempid issues. */
public enum TokenFormat {

	/** {@code v4.local}: encrypted and authenticated with a shared {@link LocalKey}. The default. */
	LOCAL,

	/** {@code v4.public}: signed with a {@link SecretKey}, readable, verifiable with a {@link PublicKey}. */
	PUBLIC

}
