package org.revivegan.spark;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.revivegan.core.model.ModelFile;

/**
 * The networks of one executor (one JVM), built from the broadcast model bytes on first use and kept for every
 * later task of the job and of later jobs in the same JVM.
 * <p>
 * A network is not safe to run from two threads at once (DL4J's {@code ComputationGraph} keeps its inputs and
 * workspaces), and an executor with several cores runs several tasks at once. So each model has a pool: a task
 * borrows a network and gives it back; a new one is built only when every built one is in use. An executor
 * with N task slots thus builds each model at most N times, however many photos it restores.
 * </p>
 */
final class ExecutorModels {

	private static final Map<String, Queue<ModelFile>> IDLE = new ConcurrentHashMap<>();
	private static final AtomicInteger BUILDS = new AtomicInteger();

	private ExecutorModels() {}

	/** @return an idle network of that model, built now if none is idle */
	static ModelFile borrow(ModelBytes model) throws IOException {
		ModelFile m = pool(model).poll();
		if (m != null) return m;
		BUILDS.incrementAndGet();
		return model.load();
	}

	/** Gives a borrowed network back (or one the driver built, so that a local job reuses it). */
	static void giveBack(ModelBytes model, ModelFile network) {
		if (!model.sha256().equals(network.sha256())) throw new IllegalArgumentException("Not a network of " + model
			.name() + ".");
		pool(model).offer(network);
	}

	/** @return how many networks this JVM has built from broadcast bytes so far (for tests and logs) */
	static int builds() {
		return BUILDS.get();
	}

	/** Forgets every network (for tests). */
	static void clear() {
		IDLE.clear();
	}

	private static Queue<ModelFile> pool(ModelBytes model) {
		return IDLE.computeIfAbsent(model.task().id() + ":" + model.sha256(), k -> new ConcurrentLinkedQueue<>());
	}
}
