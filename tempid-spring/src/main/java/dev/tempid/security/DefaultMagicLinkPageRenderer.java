package dev.tempid.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;

/**
 * A plain, dependency-free confirmation page. Every value is HTML-escaped; the page is
 * never cached, not indexed, and sends no referrer (the token is in its URL).
 */
public final class DefaultMagicLinkPageRenderer implements MagicLinkPageRenderer {

	@Override
	public void render(MagicLinkPage page, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("X-Robots-Tag", "noindex");
		response.getWriter().write(html(page));
	}

	/**
	 * The page's HTML, every value escaped: shared with the WebFlux confirmation page.
	 * @param page what the page shows
	 * @return the whole document
	 */
	public static String html(MagicLinkPage page) {
		StringBuilder html = new StringBuilder(1024);
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<meta name=\"robots\" content=\"noindex\"><title>Sign in</title></head><body>\n");
		if (page.valid()) {
			html.append("<h1>Sign in</h1>\n<p>Press the button to finish signing in.</p>\n")
				.append("<form method=\"post\" action=\"")
				.append(HtmlUtils.htmlEscape(page.action()))
				.append("\">\n<input type=\"hidden\" name=\"token\" value=\"")
				.append(HtmlUtils.htmlEscape(page.token()))
				.append("\">\n");
			if (page.csrfParameterName() != null && page.csrfToken() != null) {
				html.append("<input type=\"hidden\" name=\"")
					.append(HtmlUtils.htmlEscape(page.csrfParameterName()))
					.append("\" value=\"")
					.append(HtmlUtils.htmlEscape(page.csrfToken()))
					.append("\">\n");
			}
			html.append("<button type=\"submit\">Sign in</button>\n</form>\n");
		}
		else {
			html.append("<h1>This sign-in link does not work</h1>\n")
				.append("<p>It may have expired or been used already. Ask for a new one.</p>\n");
		}
		html.append("</body></html>\n");
		return html.toString();
	}

}
