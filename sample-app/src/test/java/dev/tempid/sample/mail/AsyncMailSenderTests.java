package dev.tempid.sample.mail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncMailSenderTests {

	@Test
	void sendWhenTheDelegateIsSlowThenReturnsAtOnceAndTheMailGoesOutOnAnotherThread() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch sent = new CountDownLatch(1);
		AtomicReference<Thread> sender = new AtomicReference<>();
		AsyncMailSender mail = new AsyncMailSender((to, subject, text, link, code) -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			sender.set(Thread.currentThread());
			sent.countDown();
		});
		try {
			long started = System.nanoTime();
			mail.send("alice@example.com", "subject", "text", "http://localhost/x?token=v4.local.x");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
			assertThat(sent.getCount()).as("not sent yet: the delegate is blocked").isEqualTo(1);
			release.countDown();
			assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(sender.get()).isNotSameAs(Thread.currentThread());
			assertThat(sender.get().getName()).startsWith("sample-mail-");
		}
		finally {
			mail.destroy();
		}
	}

	@Test
	void outboxWhenMailsAreOnTheirWayThenReadsThemOnceTheyArrived() throws Exception {
		OutboxMailSender outbox = new OutboxMailSender(java.time.Clock.systemUTC());
		AsyncMailSender mail = new AsyncMailSender(outbox);
		try {
			for (int i = 0; i < 20; i++) {
				mail.send("bob@example.com", "subject", "text", "http://localhost/x?token=" + i);
			}
			mail.send("carol@example.com", "subject", "text", "http://localhost/x?token=c", "123456");
			assertThat(outbox.mails()).hasSize(21);
			assertThat(outbox.lastLinkTo("bob@example.com")).endsWith("token=19");
			assertThat(outbox.lastMailTo("bob@example.com").code()).isNull();
			assertThat(outbox.lastMailTo("carol@example.com").code()).isEqualTo("123456");
			assertThat(outbox.lastMailTo("carol@example.com").toString()).doesNotContain("123456");
		}
		finally {
			mail.destroy();
		}
	}

}
