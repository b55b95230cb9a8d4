package dev.tempid.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Netty allocator's wait that {@link DriverBlockHoundIntegration} lets pass, reproduced
 * on two event loops: should the allowance stop matching (a Netty upgrade renames the
 * method), this fails rather than a Redis race timing out now and then.
 */
class DriverBlockHoundIntegrationTests {

	/**
	 * Fresh allocators, each starting with one shared magazine that the two event loops make
	 * it grow (without the allowance, about every other one is reported).
	 */
	private static final int ALLOCATORS = 50;

	/** The size of Lettuce's read buffer, beyond the allocator's size classes: its shared magazines. */
	private static final int READ_BUFFER = 64 * 1024;

	@Test
	void allocateWhenTwoEventLoopsGrowTheSharedMagazinesThenNothingIsReportedAsBlocking() throws Exception {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
		try {
			EventLoop first = group.next();
			EventLoop second = group.next();
			assertThat(first).isNotSameAs(second);
			assertThat(sleepOn(first)).as("BlockHound watches the event loops").isInstanceOf(BlockingOperationError.class);
			Queue<String> reported = new ConcurrentLinkedQueue<>();
			for (int i = 0; i < ALLOCATORS; i++) {
				AdaptiveByteBufAllocator allocator = new AdaptiveByteBufAllocator();
				AtomicInteger ready = new AtomicInteger();
				CompletableFuture.allOf(allocateTogether(first, allocator, ready, reported),
						allocateTogether(second, allocator, ready, reported))
					.get(30, TimeUnit.SECONDS);
			}
			assertThat(reported).as("where BlockHound reported a blocking call").isEmpty();
		}
		finally {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		}
	}

	/** What sleeping on {@code loop} throws. */
	private static Throwable sleepOn(EventLoop loop) throws Exception {
		CompletableFuture<Throwable> thrown = new CompletableFuture<>();
		loop.execute(() -> {
			try {
				Thread.sleep(1);
				thrown.complete(null);
			}
			catch (Throwable ex) {
				thrown.complete(ex);
			}
		});
		return thrown.get(30, TimeUnit.SECONDS);
	}

	/** Allocates and releases read buffers on {@code loop}, once both loops are ready (no waiting on a lock). */
	private static CompletableFuture<Void> allocateTogether(EventLoop loop, AdaptiveByteBufAllocator allocator,
			AtomicInteger ready, Queue<String> reported) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		loop.execute(() -> {
			try {
				ready.incrementAndGet();
				while (ready.get() < 2) {
					// spin (BlockHound counts even Thread.onSpinWait as blocking)
				}
				List<ByteBuf> buffers = new ArrayList<>();
				for (int i = 0; i < 16; i++) {
					// heap buffers take the same path as direct ones, and the garbage collector frees them
					buffers.add(allocator.heapBuffer(READ_BUFFER));
				}
				buffers.forEach(ByteBuf::release);
			}
			catch (BlockingOperationError ex) {
				reported.add(ex.getMessage() + " in " + Arrays.stream(ex.getStackTrace())
					.filter((frame) -> frame.getClassName().startsWith("io.netty."))
					.findFirst()
					.map(StackTraceElement::toString)
					.orElse("?"));
			}
			finally {
				done.complete(null);
			}
		});
		return done;
	}

}
