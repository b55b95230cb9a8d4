package dev.tempid.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads small JSON request bodies into memory so that a {@link ConsumesToken} method can
 * take its token from a JSON property ({@link TokenSource#JSON_BODY}) while its own
 * {@code @RequestBody} still reads the body. Bodies with a declared length above the
 * limit pass through untouched, and a body that turns out larger than the limit is
 * replayed in full to the application: in both cases no token is read from it.
 */
public class JsonBodyCachingFilter extends OncePerRequestFilter {

	private final int maxBodySize;

	public JsonBodyCachingFilter(int maxBodySize) {
		if (maxBodySize <= 0) {
			throw new IllegalArgumentException("maxBodySize must be positive");
		}
		this.maxBodySize = maxBodySize;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		return length == 0 || length > this.maxBodySize || !isJson(request.getContentType());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(CachedBodyRequestWrapper.read(request, this.maxBodySize), response);
	}

	/** Whether a content type is JSON ({@code application/json} or any {@code +json}): the one check tempid makes. */
	static boolean isJson(@org.jspecify.annotations.Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
