package dev.tempid.sample.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs the reactive sample: {@code ./mvnw -pl sample-app-reactive -am spring-boot:run}.
 */
@SpringBootApplication
public class ReactiveSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveSampleApplication.class, args);
	}

}
