package dev.tempid.sample.reactive.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The sample's users, in memory. {@code alice@example.com} exists from the start.
 */
@Service
public class UserService implements UserDetailsService {

	/** Alice's password when the application starts. */
	public static final String ALICE_PASSWORD = "correct horse battery staple";

	/** The fewest characters a password may have. */
	public static final int MIN_PASSWORD_LENGTH = 10;

	private static final Set<String> COMMON = Set.of("password123", "1234567890", "qwertyuiop", "iloveyou123",
			"password1234", "letmein1234", "welcome123", "administrator", "passw0rd123", "0123456789");

	private final Map<String, User> users = new ConcurrentHashMap<>();

	private final PasswordEncoder passwordEncoder;

	public UserService(PasswordEncoder passwordEncoder) {
		this.passwordEncoder = passwordEncoder;
		this.users.put("alice@example.com", new User("alice@example.com", passwordEncoder.encode(ALICE_PASSWORD), true,
				List.of("approvals:create", "api")));
	}

	public Optional<User> find(@Nullable String email) {
		return (email != null) ? Optional.ofNullable(this.users.get(normalize(email))) : Optional.empty();
	}

	/**
	 * Creates a user whose address is not verified yet.
	 * @return the new user, or empty when the address is taken
	 * @throws WeakPasswordException when the password is refused
	 */
	public Optional<User> signUp(String email, String password) {
		checkPassword(password);
		User user = new User(normalize(email), this.passwordEncoder.encode(password), false,
				List.of("approvals:create", "api"));
		return (this.users.putIfAbsent(user.email(), user) == null) ? Optional.of(user) : Optional.empty();
	}

	/**
	 * Checks a password would be accepted, changing nothing.
	 * @throws WeakPasswordException when it would be refused
	 */
	public void requireAcceptable(@Nullable String password) {
		checkPassword(password);
	}

	/**
	 * Sets a new password.
	 * @throws WeakPasswordException when the password is refused (nothing changes)
	 */
	public void changePassword(String email, String password) {
		checkPassword(password);
		String hash = this.passwordEncoder.encode(password);
		if (this.users.computeIfPresent(normalize(email), (key, user) -> user.withPasswordHash(hash)) == null) {
			throw new IllegalStateException("no such user");
		}
	}

	/** Marks the address verified; returns whether the user exists. */
	public boolean verifyEmail(String email) {
		return this.users.computeIfPresent(normalize(email), (key, user) -> user.verified()) != null;
	}

	public boolean matches(String email, String password) {
		return find(email).map((user) -> this.passwordEncoder.matches(password, user.passwordHash())).orElse(false);
	}

	/**
	 * The fingerprint that password-reset tokens are bound to: a SHA-256 of the current
	 * password hash, so a reset link dies once the password changes.
	 */
	public @Nullable String passwordFingerprint(@Nullable String email) {
		return find(email).map((user) -> sha256(user.passwordHash())).orElse(null);
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		User user = find(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
		return org.springframework.security.core.userdetails.User.withUsername(user.email())
			.password(user.passwordHash())
			.authorities(user.authorities().toArray(String[]::new))
			.build();
	}

	static void checkPassword(@Nullable String password) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
			throw new WeakPasswordException("A password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
		}
		if (COMMON.contains(password.toLowerCase(Locale.ROOT)) || password.chars().distinct().count() < 4) {
			throw new WeakPasswordException("This password is too common; choose another.");
		}
	}

	/** An address as accounts are keyed: trimmed, lower case. */
	public static String normalize(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
