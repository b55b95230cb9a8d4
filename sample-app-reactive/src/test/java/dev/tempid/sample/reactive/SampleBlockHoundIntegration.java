package dev.tempid.sample.reactive;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound (installed for every test of this module) lets pass on event loops:
 * the JVM reading class files and service descriptors the first time a class is loaded,
 * and {@code SecureRandom} reading {@code /dev/urandom}, which never blocks on Linux
 * (token and session ids, Spring Security's masked CSRF tokens), and Netty 4.2's allocator
 * waiting for a magazine another event loop is allocating from (memory work, no I/O; thrown
 * on a Lettuce event loop it would break the connection being opened: see tempid-spring's
 * {@code DriverBlockHoundIntegration}). Everything else that blocks an event loop fails the test.
 */
public final class SampleBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass");
		builder.allowBlockingCallsInside("java.util.ServiceLoader$LazyClassPathLookupIterator", "hasNext");
		builder.allowBlockingCallsInside("java.util.ServiceLoader$LazyClassPathLookupIterator", "next");
		builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
	}

}
