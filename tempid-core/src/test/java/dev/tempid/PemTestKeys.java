package dev.tempid;

/**
 * Keys and a signature made by OpenSSL 3: {@code openssl genpkey -algorithm ed25519},
 * {@code openssl pkey -pubout}, {@code openssl pkeyutl -sign -rawin}, and a P-256 key
 * ({@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256}) that must be refused.
 */
public final class PemTestKeys {

	public static final String OPENSSL_PRIVATE = """
			-----BEGIN PRIVATE KEY-----
			MC4CAQAwBQYDK2VwBCIEIC9lymFukGFkZYvXQCb99WoPnW7h/L6YW12yVQjKP9lF
			-----END PRIVATE KEY-----
			""";

	public static final String OPENSSL_PUBLIC = """
			-----BEGIN PUBLIC KEY-----
			MCowBQYDK2VwAyEAVLUoVGt9mW0QSIH3dBk54UQ3rMoMfiasS6A+z1djQzg=
			-----END PUBLIC KEY-----
			""";

	/** {@code openssl pkeyutl -sign -inkey private.pem -rawin -in <(printf hello)}. */
	public static final String OPENSSL_SIGNATURE_OF_HELLO = "Ib1JJJODdKprVUzt+4ewrBRbTFJEMK9V3Cws7iO32iU4sOlPzeeDXNaJQclyCVcc7QGKmUwfkzhTFKhh1O8BBg==";

	public static final String OPENSSL_P256_PRIVATE = """
			-----BEGIN PRIVATE KEY-----
			MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgnTDZ1TwFxjrzitOy
			QsEhIuJaSmD3HmnOEXBCKsoo7duhRANCAARYEE/t6gALeBLivX29IIKZ5wdobMt0
			urRz0+Xw9NZHXr/aAPvOaUxTiWoD9tuIBgf43+Xqmno4wh78Ti/6TUjP
			-----END PRIVATE KEY-----
			""";

	private PemTestKeys() {
	}

}
