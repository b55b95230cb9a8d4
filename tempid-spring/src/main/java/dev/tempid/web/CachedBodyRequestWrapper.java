package dev.tempid.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A request whose (small) body has been read once into memory, so that both
 * {@link ConsumesToken} and the controller's {@code @RequestBody} can read it. Created by
 * {@link JsonBodyCachingFilter} only for JSON bodies within the configured size.
 */
public final class CachedBodyRequestWrapper extends HttpServletRequestWrapper {

	private final byte[] body;

	private final boolean complete;

	private CachedBodyRequestWrapper(HttpServletRequest request, byte[] body, boolean complete) {
		super(request);
		this.body = body;
		this.complete = complete;
	}

	/**
	 * Reads the body of {@code request}, up to {@code limit} bytes. A longer body is
	 * replayed in full to the application, but is not offered for token reading.
	 */
	static CachedBodyRequestWrapper read(HttpServletRequest request, int limit) throws IOException {
		byte[] body = request.getInputStream().readNBytes(limit + 1);
		return new CachedBodyRequestWrapper(request, body, body.length <= limit);
	}

	/** The body, or {@code null} when it was too large to be cached. */
	byte @Nullable [] cachedBody() {
		return this.complete ? this.body : null;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		InputStream replay = new ByteArrayInputStream(this.body);
		if (!this.complete) {
			replay = new SequenceInputStream(replay, super.getInputStream());
		}
		return new ReplayingServletInputStream(replay);
	}

	@Override
	public BufferedReader getReader() throws IOException {
		String encoding = getCharacterEncoding();
		Charset charset;
		try {
			charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
		}
		catch (RuntimeException ex) {
			charset = StandardCharsets.UTF_8;
		}
		return new BufferedReader(new InputStreamReader(getInputStream(), charset));
	}

	private static final class ReplayingServletInputStream extends ServletInputStream {

		private final InputStream delegate;

		ReplayingServletInputStream(InputStream delegate) {
			this.delegate = delegate;
		}

		private boolean finished;

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			this.finished = (b == -1);
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = this.delegate.read(b, off, len);
			this.finished = (n == -1);
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("asynchronous reads are not supported on a cached body");
		}

	}

}
