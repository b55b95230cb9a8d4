package dev.tempid.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.tempid.sample.mail.OutboxMailSender;
import dev.tempid.sample.users.UserService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A person in a real browser (Debian's headless Chromium driven by Selenium) resets a
 * password and signs in with a magic link, reading the pages as they are shown.
 */
// signs alice in more often than the sample's per-address limit allows (SampleLimitsTests covers the limits)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { Browserless.BASE_URL_PROPERTY, "sample.limits.enabled=false" })
class BrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	OutboxMailSender outbox;

	@Autowired
	UserService users;

	@BeforeAll
	static void startBrowser() throws Exception {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			String message = "Chromium and ChromeDriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
					+ ": apt-get install -y chromium chromium-driver";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory("tempid-chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort().build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/**
	 * The text of the element, waiting for it: a click on a form's button may return
	 * before the browser has followed the redirect and rendered the next page.
	 */
	private String text(String css) {
		return new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
			.until((driver) -> driver.findElement(By.cssSelector(css)).getText());
	}


	@Test
	void aPersonResetsTheirPasswordThroughThePagesAndTheLinkWorksOnce() {
		this.users.signUp("browser@example.com", "first-password-42");
		browser.get(url("/login"));
		browser.findElement(By.id("forgot-email")).sendKeys("browser@example.com");
		browser.findElement(By.cssSelector("#forgot-form button")).click();
		assertThat(text("#sent")).contains("a mail is on its way");

		String link = this.outbox.lastLinkTo("browser@example.com");
		browser.get(Browserless.local(link, this.port));
		assertThat(text("h1")).isEqualTo("Choose a new password");
		assertThat(browser.getPageSource()).contains("browser@example.com");
		browser.findElement(By.id("password")).sendKeys("short");
		browser.findElement(By.cssSelector("#reset-form button")).click();
		assertThat(text("#reset-error")).contains("at least 10 characters");
		browser.findElement(By.id("password")).sendKeys("a-brand-new-passphrase");
		browser.findElement(By.cssSelector("#reset-form button")).click();
		assertThat(text("#title")).isEqualTo("Password changed");
		assertThat(this.users.matches("browser@example.com", "a-brand-new-passphrase")).isTrue();

		browser.get(Browserless.local(link, this.port));
		assertThat(text("#title")).isEqualTo("This reset link does not work");
	}

	@Test
	void aPersonSignsInWithAMagicLinkAfterConfirmingOnThePage() {
		browser.manage().deleteAllCookies();
		browser.get(url("/"));
		assertThat(text("#signed-out")).contains("You are not signed in");
		browser.get(url("/login"));
		browser.findElement(By.id("magic-email")).sendKeys("alice@example.com");
		browser.findElement(By.cssSelector("#magic-link-form button")).click();
		assertThat(text("#sent")).contains("a mail is on its way");

		browser.get(Browserless.local(this.outbox.lastLinkTo("alice@example.com"), this.port));
		assertThat(text("h1")).isEqualTo("Sign in");
		browser.findElement(By.cssSelector("form button")).click();
		assertThat(text("#signed-in")).isEqualTo("Signed in as alice@example.com.");

		browser.findElement(By.cssSelector("form button")).click();
		assertThat(text("#signed-out")).contains("You are not signed in");
	}

}
