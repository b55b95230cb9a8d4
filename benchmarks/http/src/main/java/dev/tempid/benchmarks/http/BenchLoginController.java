package dev.tempid.benchmarks.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pair 2 signs one user in the same way on both sides, as a login filter would after
 * checking a password: an authenticated context saved through the application's
 * {@link SecurityContextRepository} (an HTTP session in Redis, or a tempid cookie). Only
 * the cookie-session {@code GET}s that follow are measured.
 */
@RestController
public class BenchLoginController {

	private final SecurityContextRepository repository;

	private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	public BenchLoginController(SecurityContextRepository benchLoginRepository) {
		this.repository = benchLoginRepository;
	}

	@PostMapping("/bench/login")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void login(@RequestParam String username, HttpServletRequest request, HttpServletResponse response) {
		SecurityContext context = this.strategy.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(username, null,
				AuthorityUtils.createAuthorityList("api")));
		this.strategy.setContext(context);
		this.repository.saveContext(context, request, response);
	}

}
