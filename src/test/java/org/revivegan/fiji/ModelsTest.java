package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFormatException;
import org.revivegan.core.model.Task;

/** The model parameter in Fiji: a missing default model is explained in Fiji's words on top of the core's. */
class ModelsTest {

	@TempDir
	Path dir;

	@Test
	void aMissingDefaultModelSaysHowToInstallOrTrainOneInFiji() throws Exception {
		String old = System.getProperty(DefaultModels.PROPERTY);
		System.setProperty(DefaultModels.PROPERTY, Files.createDirectories(dir.resolve("no models")).toString());
		try {
			Models.forget(); // a default model loaded by an earlier test would be taken from the cache
			for (Task task : Task.values()) {
				ModelFormatException e = assertThrows(ModelFormatException.class, () -> Models.load("default", task));
				assertTrue(e.getMessage().startsWith(DefaultModels.missing(task)), e.getMessage());
				assertTrue(e.getMessage().contains("Help > Update..."), e.getMessage());
				assertTrue(e.getMessage().contains(task == Task.DETECT ? "'revive train --task detect'" : task ==
					Task.INPAINT ? "Train Inpainting Model" : "Train Colorization Model"), e.getMessage());
			}
		}
		finally {
			if (old == null) System.clearProperty(DefaultModels.PROPERTY);
			else System.setProperty(DefaultModels.PROPERTY, old);
			Models.forget();
		}
	}
}
