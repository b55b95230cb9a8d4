package dev.tempid.sample.reactive.users;

import java.util.List;

/**
 * A user of the sample. Immutable: changes make a new value.
 *
 * @param email the address, also the user name
 * @param passwordHash the password, hashed by the {@code PasswordEncoder}
 * @param emailVerified whether the address was verified
 * @param authorities what the user may do
 */
public record User(String email, String passwordHash, boolean emailVerified, List<String> authorities) {

	User withPasswordHash(String passwordHash) {
		return new User(this.email, passwordHash, this.emailVerified, this.authorities);
	}

	User verified() {
		return new User(this.email, this.passwordHash, true, this.authorities);
	}

	@Override
	public String toString() {
		return "User[" + this.email + "]";
	}

}
