package org.revivegan.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One training batch in network space: input [N,Cin,H,W], target [N,Cout,H,W], optional L1 weights [N,1,H,W]. */
public final class Batch {

	public final long step;
	public final INDArray input;
	public final INDArray target;
	public final INDArray weights;

	public Batch(long step, INDArray input, INDArray target, INDArray weights) {
		this.step = step;
		this.input = input;
		this.target = target;
		this.weights = weights;
	}
}
