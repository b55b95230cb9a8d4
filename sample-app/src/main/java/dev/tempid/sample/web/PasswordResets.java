package dev.tempid.sample.web;

import dev.tempid.sample.users.UserService;
import dev.tempid.security.TempIdSecurityContextRepository;
import org.springframework.stereotype.Service;

/**
 * Completes a password reset, for the JSON API and the reset page alike: the user is
 * signed out everywhere (every cookie session, on every device and instance sharing the
 * store), then the password changes. Whoever held a session, perhaps the reason for the
 * reset, is out at their next request.
 *
 * <p>Only sessions end, as "sign out everywhere" ends them
 * ({@link TempIdSecurityContextRepository#signOutEverywhere(String)}): older reset links
 * die with the password change anyway (they are bound to the password hash), and
 * {@code api} bearer tokens, made by scripts, live out their hour unless revoked one by one.
 */
@Service
public class PasswordResets {

	private final UserService users;

	private final TempIdSecurityContextRepository sessions;

	public PasswordResets(UserService users, TempIdSecurityContextRepository sessions) {
		this.users = users;
		this.sessions = sessions;
	}

	/**
	 * Checks the new password, signs the user out everywhere, and sets the password. A
	 * refused password changes nothing and ends nothing; when the store cannot be reached,
	 * nothing changes either.
	 * @throws dev.tempid.sample.users.WeakPasswordException when the password is refused
	 * @throws dev.tempid.StoreUnavailableException when the sessions cannot be ended
	 */
	public void complete(String email, String password) {
		UserService.checkPassword(password);
		this.sessions.signOutEverywhere(UserService.normalize(email));
		this.users.changePassword(email, password);
	}

}
