package dev.tempid.sample.mail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The development outbox: present only under the {@code dev} profile and while no SMTP
 * server is configured. Anyone who can read it can sign in as anyone: never turn the
 * {@code dev} profile on where others can reach the application.
 */
@Controller
@Profile("dev")
@ConditionalOnExpression(MailConfiguration.NO_SMTP)
class OutboxController {

	private final OutboxMailSender outbox;

	OutboxController(OutboxMailSender outbox) {
		this.outbox = outbox;
	}

	@GetMapping("/api/dev/outbox")
	@ResponseBody
	List<Mail> outbox() {
		return this.outbox.mails();
	}

	@GetMapping("/dev/outbox")
	String outboxPage(Model model) {
		List<Mail> newestFirst = new ArrayList<>(this.outbox.mails());
		Collections.reverse(newestFirst);
		model.addAttribute("mails", newestFirst);
		return "outbox";
	}

}
