package dev.tempid.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.mail.host} set, mails go out through a real SMTP server (GreenMail,
 * in process) and the outbox is gone; the received link signs in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = Browserless.BASE_URL_PROPERTY)
class SmtpMailTests {

	static final GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

	static {
		smtp.start();
	}

	@AfterAll
	static void stopSmtp() {
		smtp.stop();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
	}

	@Test
	void magicLinkWhenSmtpIsConfiguredThenArrivesByMailAndTheReceivedLinkSignsIn() throws Exception {
		Browserless browser = new Browserless(this.port);
		assertThat(browser.postJson("/api/magic-link", Map.of("email", "alice@example.com")).statusCode())
			.isEqualTo(202);
		assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
		MimeMessage mail = smtp.getReceivedMessages()[0];
		assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
		assertThat(mail.getSubject()).isEqualTo("Your sign-in link");
		Matcher link = Pattern.compile("(http://\\S+/login/magic\\?token=\\S+)").matcher(GreenMailUtil.getBody(mail));
		assertThat(link.find()).isTrue();
		String url = link.group(1).replace("=\r\n", "").trim();
		HttpResponse<String> page = browser.get(url);
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> login = browser.postForm("/login/magic", Map.of("token",
				url.substring(url.indexOf("token=") + 6), "_csrf", Browserless.csrfField(page.body())));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/");
		assertThat(Browserless.json(browser.get("/api/me")).get("subject").asString()).isEqualTo("alice@example.com");
		assertThat(browser.get("/api/dev/outbox").statusCode()).as("no outbox with SMTP").isEqualTo(404);
		// the same mail names its login code and the code page; the link used it up
		String body = GreenMailUtil.getBody(mail).replace("=\r\n", "");
		Matcher code = Pattern.compile("the code ([0-9]{6}) with your address at (http://\\S+/login/code)").matcher(body);
		assertThat(code.find()).as("the code in: %s", body).isTrue();
		assertThat(new Browserless(this.port).postJson("/api/login/code",
				Map.of("email", "alice@example.com", "code", code.group(1))).statusCode()).isEqualTo(410);
	}

}
