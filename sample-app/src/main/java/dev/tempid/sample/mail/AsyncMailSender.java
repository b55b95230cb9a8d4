package dev.tempid.sample.mail;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * Sends mail off the request thread: the request answers without waiting for the mail
 * server (or the outbox), so a known address (a mail is sent) and an unknown one (none
 * is) answer in the same time. One thread, so mails go out in the order they were
 * sent, and a bounded queue: when it is full a mail is dropped and logged rather than
 * slowing the request down.
 */
public class AsyncMailSender implements MailSender, DisposableBean {

	private static final Log logger = LogFactory.getLog(AsyncMailSender.class);

	private final MailSender delegate;

	private final ExecutorService executor;

	public AsyncMailSender(MailSender delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1000),
				(task) -> {
					Thread thread = new Thread(task, "sample-mail-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/** The sender that does the sending, on the mail threads. */
	public MailSender delegate() {
		return this.delegate;
	}

	@Override
	public void send(String to, String subject, String text, String link, @Nullable String code) {
		OutboxMailSender outbox = (this.delegate instanceof OutboxMailSender o) ? o : null;
		if (outbox != null) {
			outbox.expect();
		}
		try {
			this.executor.execute(() -> {
				try {
					this.delegate.send(to, subject, text, link, code);
				}
				catch (RuntimeException ex) {
					logger.warn("A mail could not be sent: " + ex.getClass().getSimpleName());
				}
				finally {
					if (outbox != null) {
						outbox.arrived();
					}
				}
			});
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			if (outbox != null) {
				outbox.arrived();
			}
			logger.warn("The mail queue is full; a mail was dropped");
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

}
