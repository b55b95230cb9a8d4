package dev.tempid.benchmarks.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pair 3's mail: the newest link sent to each user, handed to the load generator by
 * {@code GET /bench/outbox?username=…} (the same on both sides). Bounded by the number
 * of users the load generator signs in.
 */
@RestController
public class Outbox {

	private final Map<String, String> links = new ConcurrentHashMap<>();

	public void send(String username, String link) {
		this.links.put(username, link);
	}

	@GetMapping("/bench/outbox")
	ResponseEntity<String> link(@RequestParam String username) {
		String link = this.links.remove(username);
		return (link != null) ? ResponseEntity.ok(link) : ResponseEntity.notFound().build();
	}

}
