package dev.tempid.benchmarks.http.magic;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The users pair 3 signs in: {@code user-0} to {@code user-255}, the same on both sides. */
final class BenchUsers {

	static final int COUNT = 256;

	private BenchUsers() {
	}

	static InMemoryUserDetailsManager create() {
		List<UserDetails> users = new ArrayList<>();
		for (int i = 0; i < COUNT; i++) {
			users.add(User.withUsername("user-" + i).password("{noop}unused-" + i).authorities("api").build());
		}
		return new InMemoryUserDetailsManager(users);
	}

}
