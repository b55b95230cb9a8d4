package dev.tempid.benchmarks.http;

import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The one endpoint every pair serves, the same as the sample's {@code GET /api/me}. */
@RestController
public class MeController {

	@GetMapping("/api/me")
	Map<String, Object> me(Authentication authentication) {
		return Map.of("subject", authentication.getName(), "authorities",
				authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
	}

}
