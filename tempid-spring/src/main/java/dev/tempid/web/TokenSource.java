package dev.tempid.web;

/**
 * Where {@link ConsumesToken} reads the token of a web request.
 */
public enum TokenSource {

	/**
	 * Tries, in order: an {@code Authorization: Bearer} header, a path variable, a request
	 * parameter (query string or form field) and a JSON body property, each under the
	 * annotation's name.
	 */
	AUTO,

	/** A request parameter: the query string or a form field. */
	PARAMETER,

	/**
	 * A request header. The {@code Authorization} header is read the RFC 6750 way
	 * ({@code Bearer <token>}); any other header holds the bare token.
	 */
	HEADER,

	/** A URI template variable such as {@code /reset/{token}}. */
	PATH_VARIABLE,

	/**
	 * A field of an {@code application/x-www-form-urlencoded} or {@code multipart/form-data}
	 * body. Requests of any other content type carry no token.
	 */
	FORM_FIELD,

	/**
	 * A top-level string property of an {@code application/json} body. The body is cached
	 * (up to {@code tempid.web.max-json-body-size}), so the method's own
	 * {@code @RequestBody} still reads it.
	 */
	JSON_BODY

}
