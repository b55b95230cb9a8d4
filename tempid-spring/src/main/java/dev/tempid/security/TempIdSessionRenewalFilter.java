package dev.tempid.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives the request a fresh session cookie when its cookie is past half its lifetime
 * (sliding renewal), and clears a cookie that is no longer valid. Installed by
 * {@link TempIdConfigurer#session}.
 */
public final class TempIdSessionRenewalFilter extends OncePerRequestFilter {

	private final TempIdSecurityContextRepository repository;

	public TempIdSessionRenewalFilter(TempIdSecurityContextRepository repository) {
		this.repository = repository;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.repository.renewIfDue(request, response);
		chain.doFilter(request, response);
	}

}
