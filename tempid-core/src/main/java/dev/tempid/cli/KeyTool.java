package dev.tempid.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.tempid.LocalKey;
import dev.tempid.PublicKey;
import dev.tempid.SecretKey;
import dev.tempid.Secrets;

/**
 * Makes and converts keys without writing code. The main class of {@code tempid-core.jar}:
 *
 * <pre>
 * java -jar tempid-core.jar keygen local        # a v4.local key (k4.local.…) and its id (k4.lid.…)
 * java -jar tempid-core.jar keygen public       # an Ed25519 signing key (k4.secret.…), its public key and id
 * java -jar tempid-core.jar keygen secret       # a random value for tempid.secret
 * java -jar tempid-core.jar import-pem key.pem  # an Ed25519 PEM key (private or public) as PASERK
 * java -jar tempid-core.jar id                  # reads a PASERK on standard input, prints its id
 * </pre>
 *
 * Output is {@code application.properties} lines with comments, ready to paste (secrets
 * belong in an environment variable or a secret store, not in a committed file). Keys are
 * printed on purpose: this is the one place tempid shows key material, on the operator's
 * own terminal.
 */
public final class KeyTool {

	static final String USAGE = """
			usage: java -jar tempid-core.jar <command>
			  keygen local          a new v4.local key (tempid.keys.local) and its id
			  keygen public         a new Ed25519 signing key (tempid.keys.signing), its public key
			                        (tempid.keys.verification) and its id
			  keygen secret         a new random value for tempid.secret
			  import-pem <file|->   an Ed25519 key in PEM (PKCS#8 PRIVATE KEY or X.509 PUBLIC KEY) as PASERK
			  id [paserk]           the id (k4.lid / k4.pid / k4.sid) of a PASERK key; reads standard input
			                        when no argument is given (keeps secret keys out of the shell history)
			""";

	private final InputStream in;

	private final PrintStream out;

	private final PrintStream err;

	KeyTool(InputStream in, PrintStream out, PrintStream err) {
		this.in = in;
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.exit(new KeyTool(System.in, System.out, System.err).run(args));
	}

	/** Runs one command; returns the process exit status (0 done, 1 bad input, 2 usage). */
	int run(String... args) {
		List<String> words = Arrays.asList(args);
		try {
			if (words.size() == 2 && words.get(0).equals("keygen")) {
				keygen(words.get(1));
				return 0;
			}
			if (words.size() == 2 && words.get(0).equals("import-pem")) {
				importPem(read(words.get(1)));
				return 0;
			}
			if (words.size() <= 2 && !words.isEmpty() && words.get(0).equals("id")) {
				id((words.size() == 2) ? words.get(1) : read("-"));
				return 0;
			}
		}
		catch (IllegalArgumentException ex) {
			this.err.println("tempid: " + ex.getMessage());
			return 1;
		}
		this.err.print(USAGE);
		return 2;
	}

	private void keygen(String kind) {
		switch (kind) {
			case "local" -> printLocal(LocalKey.generate());
			case "public" -> printSigning(SecretKey.generate());
			case "secret" -> {
				this.out.println("# a random secret from which tempid derives its v4.local key: keep it secret");
				this.out.println("tempid.secret=" + Secrets.generate());
			}
			default -> throw new IllegalArgumentException(
					"unknown key kind '" + kind + "': use keygen local, keygen public or keygen secret");
		}
	}

	private void importPem(String pem) {
		if (pem.contains("PUBLIC KEY-----")) {
			printPublic(PublicKey.fromPem(pem));
		}
		else {
			printSigning(SecretKey.fromPem(pem));
		}
	}

	private void id(String paserk) {
		String key = paserk.strip();
		if (key.startsWith("k4.local.")) {
			this.out.println(LocalKey.fromPaserk(key).id());
		}
		else if (key.startsWith("k4.secret.")) {
			SecretKey secret = SecretKey.fromPaserk(key);
			this.out.println(secret.id() + "   # the kid of its tokens (k4.pid of its public key)");
			this.out.println(secret.secretId() + "   # the k4.sid of the secret key itself");
		}
		else if (key.startsWith("k4.public.")) {
			this.out.println(PublicKey.fromPaserk(key).id());
		}
		else {
			throw new IllegalArgumentException("not a k4.local, k4.secret or k4.public PASERK");
		}
	}

	private void printLocal(LocalKey key) {
		this.out.println("# a v4.local key: keep it secret");
		this.out.println("tempid.keys.local=" + key.toPaserk());
		this.out.println("# its id, the kid of its tokens: " + key.id());
	}

	private void printSigning(SecretKey key) {
		this.out.println("# an Ed25519 signing key for v4.public tokens: keep it secret");
		this.out.println("tempid.keys.signing=" + key.toPaserk());
		printPublic(key.publicKey());
	}

	private void printPublic(PublicKey key) {
		this.out.println("# its public key, for the services that verify: safe to publish");
		this.out.println("tempid.keys.verification=" + key.toPaserk());
		this.out.println("# its id, the kid of its tokens: " + key.id());
	}

	private String read(String file) {
		try {
			if (file.equals("-")) {
				return new String(this.in.readAllBytes(), StandardCharsets.UTF_8);
			}
			return Files.readString(Path.of(file), StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new IllegalArgumentException("no such file: " + file);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage());
		}
	}

}
