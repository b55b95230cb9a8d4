package dev.tempid.it;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseStore;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.store.redis.RedisUseStore;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds a fresh application from the README's own snippets (the blocks marked
 * {@code <!-- readme-test: ... -->} in the Spring Boot quick start), compiles its Java
 * with {@code javax.tools} against the test class path, starts it with the README's
 * {@code application.yml} on each store, and runs the password-reset flow over HTTP.
 * Only the application class and the two collaborators the README leaves to the
 * application (its user service and mail sender) are added here.
 */
class ReadmeQuickStartTests {

	private static final Pattern SNIPPET = Pattern
		.compile("<!-- readme-test: (\\S+) -->\\s*```(\\w+)\\n(.*?)\\n```", Pattern.DOTALL);

	private static final String SECRET = "Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo";

	private static final String APPLICATION = """
			package com.example.app;

			import java.util.List;
			import java.util.concurrent.CopyOnWriteArrayList;

			import org.springframework.boot.autoconfigure.SpringBootApplication;
			import org.springframework.context.annotation.Bean;
			import org.springframework.http.HttpStatus;
			import org.springframework.web.server.ResponseStatusException;

			@SpringBootApplication
			public class ReadmeApplication {

				public static final List<String> LINKS = new CopyOnWriteArrayList<>();

				public static final List<String> PASSWORDS = new CopyOnWriteArrayList<>();

				@Bean
				PasswordResetController.Users users() {
					return new PasswordResetController.Users() {
						public boolean exists(String email) {
							return email.equals("alice@example.com");
						}
						public void changePassword(String email, String password) {
							if (password.length() < 12) {
								throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "weak password");
							}
							PASSWORDS.add(email + ":" + password);
						}
					};
				}

				@Bean
				PasswordResetController.Mailer mailer() {
					return (to, link) -> LINKS.add(to + " " + link);
				}

			}
			""";

	private static Path classes;

	private static URLClassLoader loader;

	private static String yaml;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void compileTheReadme(@TempDir Path dir) throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		List<String> java = new ArrayList<>();
		Matcher snippet = SNIPPET.matcher(readme);
		while (snippet.find()) {
			if (snippet.group(1).equals("application.yml")) {
				assertThat(snippet.group(2)).isEqualTo("yaml");
				yaml = snippet.group(3);
			}
			else {
				assertThat(snippet.group(2)).isEqualTo("java");
				java.add(snippet.group(3));
			}
		}
		assertThat(yaml).as("the README's application.yml").contains("tempid:", "password-reset");
		assertThat(java).as("the README's Java snippets").hasSizeGreaterThanOrEqualTo(2);
		java.add(APPLICATION);
		Path sources = Files.createDirectories(dir.resolve("src/com/example/app"));
		List<Path> files = new ArrayList<>();
		for (String source : java) {
			Matcher type = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface)\\s+(\\w+)")
				.matcher(source);
			assertThat(type.find()).as("a top-level type in %s", source).isTrue();
			files.add(Files.writeString(sources.resolve(type.group(1) + ".java"), source));
		}
		classes = Files.createDirectories(dir.resolve("classes"));
		Files.writeString(classes.resolve("application.yml"), yaml);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		StringWriter errors = new StringWriter();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
			Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
			boolean compiled = compiler.getTask(errors, fileManager, null, List.of("-classpath",
					System.getProperty("java.class.path"), "-d", classes.toString(), "-parameters", "-Xlint:none"), null,
					units)
				.call();
			assertThat(compiled).as("the README's Java compiles:%n%s", errors).isTrue();
		}
		loader = new URLClassLoader(new URL[] { classes.toUri().toURL() }, ReadmeQuickStartTests.class.getClassLoader());
	}

	@AfterAll
	static void close() throws IOException {
		loader.close();
	}

	@Test
	void readmeApplicationOnTheMemoryStoreRunsThePasswordResetFlow() throws Exception {
		try (ConfigurableApplicationContext context = start("--tempid.store.type=memory")) {
			assertThat(context.getBean(UseStore.class)).isInstanceOf(InMemoryUseStore.class);
			resetFlow(context);
		}
	}

	@Test
	void readmeApplicationOnRedisRunsThePasswordResetFlow() throws Exception {
		Servers.REDIS.require();
		try (ConfigurableApplicationContext context = start("--tempid.store.redis.key-prefix=readme-test-"
				+ UUID.randomUUID() + ":")) {
			assertThat(context.getBean(UseStore.class)).isInstanceOf(RedisUseStore.class);
			resetFlow(context);
		}
	}

	@Test
	void readmeApplicationOnPostgresqlRunsThePasswordResetFlow() throws Exception {
		Servers.POSTGRESQL.require();
		String table = "readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (ConfigurableApplicationContext context = start("--tempid.store.type=jdbc",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test", "--spring.datasource.username=postgres",
				"--tempid.store.jdbc.table-name=" + table)) {
			try {
				assertThat(context.getBean(UseStore.class)).isInstanceOf(JdbcUseStore.class);
				resetFlow(context);
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM " + table,
						Integer.class)).isEqualTo(1);
			}
			finally {
				context.getBean(JdbcTemplate.class).execute("DROP TABLE IF EXISTS " + table);
			}
		}
	}

	private ConfigurableApplicationContext start(String... args) throws Exception {
		Class<?> application = loader.loadClass("com.example.app.ReadmeApplication");
		clear(application, "LINKS");
		clear(application, "PASSWORDS");
		List<String> all = new ArrayList<>(List.of("--TEMPID_SECRET=" + SECRET, "--server.port=0",
				"--spring.main.banner-mode=off"));
		all.addAll(List.of(args));
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return new SpringApplicationBuilder(application).resourceLoader(new DefaultResourceLoader(loader))
				.run(all.toArray(String[]::new));
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private void resetFlow(ConfigurableApplicationContext context) throws Exception {
		String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
		List<String> links = list(context, "LINKS");

		assertThat(post(base + "/api/password-reset", "{\"email\":\"nobody@example.com\"}").statusCode()).isEqualTo(202);
		assertThat(links).isEmpty();
		assertThat(post(base + "/api/password-reset", "{\"email\":\"alice@example.com\"}").statusCode()).isEqualTo(202);
		assertThat(links).hasSize(1).allMatch((link) -> link.startsWith("alice@example.com https://example.com/reset?token=v4.local."));
		String token = links.get(0).substring(links.get(0).indexOf("token=") + 6);

		// a weak password throws in the method: the single use is given back
		assertThat(post(base + "/api/password-reset/confirm", form(token, "short")).statusCode()).isEqualTo(400);
		assertThat(post(base + "/api/password-reset/confirm", form(token, "correct horse battery")).statusCode())
			.isEqualTo(200);
		assertThat(list(context, "PASSWORDS")).containsExactly("alice@example.com:correct horse battery");

		// max-uses 1 from application.yml: a replay is refused before the method runs
		HttpResponse<String> replay = post(base + "/api/password-reset/confirm", form(token, "another long password"));
		assertThat(replay.statusCode()).isEqualTo(410);
		assertThat(replay.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(list(context, "PASSWORDS")).hasSize(1);

		// a forged token, and other endpoints still need a login
		int middle = token.length() / 2;
		String forged = token.substring(0, middle) + ((token.charAt(middle) == 'A') ? 'B' : 'A')
				+ token.substring(middle + 1);
		assertThat(post(base + "/api/password-reset/confirm", form(forged, "another long password")).statusCode())
			.isEqualTo(401);
		assertThat(post(base + "/api/password-reset/confirm", form("not-a-token", "another long password"))
			.statusCode()).isEqualTo(400);
		assertThat(post(base + "/api/other", "{}").statusCode()).isIn(401, 403);
	}

	private static String form(String token, String password) {
		return "{\"token\":\"" + token + "\",\"password\":\"" + password + "\"}";
	}

	private HttpResponse<String> post(String url, String json) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	private static List<String> list(ConfigurableApplicationContext context, String field) throws Exception {
		return (List<String>) context.getClassLoader().loadClass("com.example.app.ReadmeApplication")
			.getField(field).get(null);
	}

	private static void clear(Class<?> application, String field) throws Exception {
		((List<?>) application.getField(field).get(null)).clear();
	}

}
