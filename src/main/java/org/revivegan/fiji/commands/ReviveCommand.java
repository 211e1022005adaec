package org.revivegan.fiji.commands;

import org.revivegan.fiji.FijiProgress;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * What every ReviveGAN command shares: the status bar and the log (both optional, so that a bare context
 * runs the commands too), and the engine's progress wired to them and to this command's cancellation.
 */
abstract class ReviveCommand extends ContextCommand {

	@Parameter(required = false)
	StatusService status;

	@Parameter(required = false)
	LogService log;

	/** @return progress shown in Fiji's status bar and log, cancelled with this command */
	FijiProgress progress() {
		return new FijiProgress(status, log, this::isCanceled);
	}
}
