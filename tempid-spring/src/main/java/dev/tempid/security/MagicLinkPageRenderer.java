package dev.tempid.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Renders the page a magic link opens ({@code GET /login/magic?token=...}): a form that
 * posts the token back, so that only a person's click spends it. Replace it to match the
 * application's look; keep the CSRF field and never spend the token here.
 */
@FunctionalInterface
public interface MagicLinkPageRenderer {

	/**
	 * @param page what the page shows: the form's action, the token, the CSRF field, and
	 * whether the token still looks valid (checked statelessly)
	 */
	void render(MagicLinkPage page, HttpServletRequest request, HttpServletResponse response) throws IOException;

	/**
	 * What the confirmation page shows.
	 * @param action the URL to post to
	 * @param token the token value, to echo in a hidden field (HTML-escape it)
	 * @param csrfParameterName the CSRF field's name, or {@code null} without CSRF protection
	 * @param csrfToken the CSRF field's value, or {@code null}
	 * @param valid whether the token verified (without spending it); an invalid one shows an error
	 */
	record MagicLinkPage(String action, String token, @org.jspecify.annotations.Nullable String csrfParameterName,
			@org.jspecify.annotations.Nullable String csrfToken, boolean valid) {

		@Override
		public String toString() {
			return "MagicLinkPage[action=" + this.action + ", valid=" + this.valid + "]";
		}

	}

}
