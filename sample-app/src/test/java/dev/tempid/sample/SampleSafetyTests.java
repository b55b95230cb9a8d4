package dev.tempid.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.tempid.sample.mail.Mail;
import dev.tempid.sample.mail.OutboxMailSender;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as deployed (no {@code dev} profile), and its links under forged headers:
 * even with forwarded headers honoured, every mailed link points at the configured base URL.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { Browserless.BASE_URL_PROPERTY, "server.forward-headers-strategy=framework" })
class SampleSafetyTests {

	private static final String EVIL = "evil.example";

	@LocalServerPort
	int port;

	@Autowired
	OutboxMailSender outbox;

	@Test
	void outboxWhenTheDevProfileIsOffThenNotFound() {
		Browserless client = new Browserless(this.port);
		assertThat(client.get("/api/dev/outbox").statusCode()).isEqualTo(404);
		assertThat(client.get("/dev/outbox", "Accept", "text/html").statusCode()).isEqualTo(404);
	}

	@Test
	void everyLinkSendingEndpointWhenHostAndForwardedHostAreForgedThenMailsTheConfiguredHostOnly() throws IOException {
		String csrf = "forged-host-test-csrf";
		String cookie = "XSRF-TOKEN=" + csrf;
		List<Request> requests = List.of(
				Request.json("/api/password-reset", "{\"email\":\"alice@example.com\"}", "alice@example.com"),
				Request.json("/api/magic-link", "{\"email\":\"alice@example.com\"}", "alice@example.com"),
				Request.json("/api/signup", "{\"email\":\"forged-1@example.com\",\"password\":\"a-good-passphrase-1\"}",
						"forged-1@example.com"),
				Request.form("/forgot-password", "email=alice%40example.com&_csrf=" + csrf, cookie,
						"alice@example.com"),
				Request.form("/login/request-link", "email=alice%40example.com&_csrf=" + csrf, cookie,
						"alice@example.com"),
				Request.form("/signup", "email=forged-2%40example.com&password=a-good-passphrase-2&_csrf=" + csrf, cookie,
						"forged-2@example.com"));
		for (Request request : requests) {
			int before = this.outbox.mails().size();
			int status = send(request);
			assertThat(status).as(request.path).isIn(200, 202, 302);
			List<Mail> mails = this.outbox.mails();
			assertThat(mails).as(request.path + " mailed a link").hasSize(before + 1);
			Mail mail = mails.get(mails.size() - 1);
			assertThat(mail.to()).isEqualTo(request.to);
			URI link = URI.create(mail.link());
			assertThat(link.getScheme() + "://" + link.getHost()).as(request.path).isEqualTo(Browserless.PUBLIC_BASE);
			assertThat(mail.link()).as(request.path).doesNotContain(EVIL);
		}
	}

	@Test
	void pagesCarryingATokenWhenShownThenSendNoReferrer() {
		Browserless client = new Browserless(this.port);
		client.postJson("/api/password-reset", Map.of("email", "alice@example.com"));
		HttpResponse<String> reset = client.get(this.outbox.lastLinkTo("alice@example.com"), "Accept", "text/html");
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(reset.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		client.postJson("/api/magic-link", Map.of("email", "alice@example.com"));
		HttpResponse<String> magic = client.get(this.outbox.lastLinkTo("alice@example.com"), "Accept", "text/html");
		assertThat(magic.statusCode()).isEqualTo(200);
		assertThat(magic.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	/** Raw HTTP/1.1: Java's HttpClient refuses to set a Host header. */
	private int send(Request request) throws IOException {
		byte[] body = request.body.getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder();
		head.append("POST ").append(request.path).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(EVIL).append("\r\n");
		head.append("X-Forwarded-Host: ").append(EVIL).append("\r\n");
		head.append("X-Forwarded-Proto: https\r\n");
		head.append("Forwarded: host=").append(EVIL).append(";proto=https\r\n");
		head.append("Content-Type: ").append(request.contentType).append("\r\n");
		if (request.cookie != null) {
			head.append("Cookie: ").append(request.cookie).append("\r\n");
		}
		head.append("Content-Length: ").append(body.length).append("\r\n");
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			return Integer.parseInt(response.substring(9, 12));
		}
	}

	private record Request(String path, String contentType, String body, String cookie, String to) {

		static Request json(String path, String body, String to) {
			return new Request(path, "application/json", body, null, to);
		}

		static Request form(String path, String body, String cookie, String to) {
			return new Request(path, "application/x-www-form-urlencoded", body, cookie, to);
		}

	}

}
