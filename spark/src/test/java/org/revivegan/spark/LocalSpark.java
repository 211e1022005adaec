package org.revivegan.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A Spark of N task threads in the test's JVM, on the loopback address only, without its web UI. */
final class LocalSpark {

	private LocalSpark() {}

	static JavaSparkContext start(int threads) {
		return new JavaSparkContext(new SparkConf().setMaster("local[" + threads + "]").setAppName("ReviveGAN test")
			.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress",
				"127.0.0.1"));
	}
}
