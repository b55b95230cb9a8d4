package dev.tempid.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound (installed for every test of this module) lets pass on non-blocking
 * threads: only the JVM reading class files and service descriptors from jars the first
 * time a driver loads a class or reads its own resources (the MariaDB driver does so as it
 * connects), and the short in-memory locks of drivers and of Netty's buffer allocator
 * named below. Everything else that blocks an event loop or a parallel thread fails the
 * test.
 */
public final class DriverBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass");
		// SecureRandom reads /dev/urandom, which never blocks on Linux (tempid's token and
		// session ids, Spring Security's masked CSRF tokens)
		builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
		builder.allowBlockingCallsInside("java.util.ServiceLoader$LazyClassPathLookupIterator", "hasNext");
		builder.allowBlockingCallsInside("java.util.ServiceLoader$LazyClassPathLookupIterator", "next");
		// the MariaDB driver reads its own version resource once, in a static initializer
		builder.allowBlockingCallsInside("org.mariadb.r2dbc.util.VersionFactory$VersionFactoryHolder", "<clinit>");
		// the MariaDB driver guards its command queue with a ReentrantLock held only to enqueue
		// (never across I/O): a parallel thread sending while the event loop receives waits
		// for it briefly (r2dbc-mariadb 1.4's SimpleClient)
		for (String method : new String[] { "lambda$sendCommand$17", "lambda$sendCommand$20", "lambda$receive$15",
				"sendCommandWithoutResult", "setAutoCommit", "executeWhenTransaction", "executeWhenNotInTransaction" }) {
			builder.allowBlockingCallsInside("org.mariadb.r2dbc.client.SimpleClient", method);
		}
		// Netty 4.2's default allocator, when event loops contend for a shared magazine, grows
		// the magazine array and frees the old magazines: free() takes each one's StampedLock,
		// waiting for an allocation in progress on another thread (memory work, no I/O). Netty's
		// own integration lets the same wait pass in its pooled allocator (PoolArena, PoolChunk)
		// but not here. Thrown as an error on a Lettuce event loop, it broke the connection being
		// registered (CommandHandler.channelRegistered allocates the read buffer): every reply
		// was then dropped, and stores on two connection factories timed out in their first race.
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
	}

}
