package org.revivegan.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layers, kept by a scan of the sources: the core knows nothing of ImageJ, SciJava or AWT and prints
 * nothing; the core uses nothing of the file, Fiji or command-line layers; inference uses nothing of the
 * evaluation; the model file format nothing of inference, training or evaluation (they all read models: a
 * dependency back would be a cycle); the mask model nothing of Fiji; the core's messages name no Fiji menu. A dependency counts whether it is an import or a fully
 * qualified name in the code ({@code ij.IJ.log(...)}, {@code java.awt.Color}); comments and strings do not.
 */
class ArchitectureTest {

	private static final String UI = "ij|net\\.imagej|org\\.scijava|java\\.awt|javax\\.swing|javax\\.imageio";
	private static final Pattern PRINTS = Pattern.compile("System\\.(out|err)\\.|printStackTrace\\(");
	private static final Path MAIN = Paths.get("src/main/java/org/revivegan");

	/** @return a pattern that finds a use of any of the packages (a regex alternation) in code */
	static Pattern uses(String packages) {
		// not part of a longer name (x.ij.Foo, myij.Foo), followed by a name: an import or a qualified name
		return Pattern.compile("(?<![\\w.])(?:" + packages + ")\\.(?=[A-Za-z_*])");
	}

	/** @return the source with comments and string and character literals blanked (so prose cannot match) */
	static String code(String source) {
		return scan(source, new ArrayList<>());
	}

	/** @return the string literals of the source's code (comments left out), escapes as written */
	static List<String> literals(String source) {
		List<String> found = new ArrayList<>();
		scan(source, found);
		return found;
	}

	/** @return the code of the source, comments and literals blanked; the string literals go to {@code literals} */
	private static String scan(String source, List<String> literals) {
		StringBuilder out = new StringBuilder(source.length());
		int n = source.length();
		for (int i = 0; i < n; i++) {
			char c = source.charAt(i);
			char next = i + 1 < n ? source.charAt(i + 1) : 0;
			if (c == '/' && next == '/') {
				while (i < n && source.charAt(i) != '\n')
					i++;
				out.append('\n');
			}
			else if (c == '/' && next == '*') {
				int end = source.indexOf("*/", i + 2);
				i = end < 0 ? n : end + 1;
				out.append(' ');
			}
			else if (c == '"' && source.startsWith("\"\"\"", i)) { // text block
				int end = source.indexOf("\"\"\"", i + 3);
				literals.add(source.substring(i + 3, end < 0 ? n : end));
				i = end < 0 ? n : end + 2;
				out.append("\"\"");
			}
			else if (c == '"' || c == '\'') {
				int start = i + 1;
				for (i++; i < n && source.charAt(i) != c; i++)
					if (source.charAt(i) == '\\') i++;
				if (c == '"') literals.add(source.substring(start, Math.min(i, n)));
				out.append(c).append(c);
			}
			else out.append(c);
		}
		return out.toString();
	}

	private static List<Path> sources(String... packages) throws IOException {
		List<Path> all = new ArrayList<>();
		for (String p : packages)
			try (Stream<Path> s = Files.walk(MAIN.resolve(p))) {
				all.addAll(s.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList()));
			}
		assertTrue(all.size() > 0, "found sources in " + String.join(", ", packages));
		return all;
	}

	/** @return "file: line" for each use of the packages in the files' code */
	private static List<String> violations(List<Path> files, Pattern uses) throws IOException {
		List<String> found = new ArrayList<>();
		for (Path f : files) {
			String code = code(Files.readString(f));
			for (Matcher m = uses.matcher(code); m.find();) {
				int start = code.lastIndexOf('\n', m.start()) + 1, end = code.indexOf('\n', m.start());
				found.add(f + ": " + code.substring(start, end < 0 ? code.length() : end).trim());
			}
		}
		return found;
	}

	@Test
	void coreImportsNoUiOrImageJ() throws IOException {
		List<Path> sources = sources("core", "mask");
		assertTrue(sources.size() > 20, "found the core sources");
		assertTrue(sources.stream().anyMatch(p -> p.getParent().endsWith("mask")), "found the mask sources");
		assertEquals(List.of(), violations(sources, uses(UI)), "ImageJ/SciJava/AWT/Swing in the core");
		for (Path p : sources)
			assertFalse(PRINTS.matcher(code(Files.readString(p))).find(), p + " prints to the console");
	}

	@Test
	void coreUsesNoFileFijiOrCommandLineLayer() throws IOException {
		assertEquals(List.of(), violations(sources("core"), uses("org\\.revivegan\\.(?:io|fiji|cli)")));
	}

	@Test
	void inferenceUsesNothingOfTheEvaluation() throws IOException {
		assertEquals(List.of(), violations(sources("core/infer"), uses("org\\.revivegan\\.core\\.eval")));
	}

	/** Inference, training and evaluation read model files; the format must not depend on any of them. */
	static final Pattern MODEL_USES = uses("org\\.revivegan\\.core\\.(?:infer|train|eval)");

	@Test
	void theModelFormatUsesNothingOfInferenceTrainingOrEvaluation() throws IOException {
		assertEquals(List.of(), violations(sources("core/model"), MODEL_USES));
	}

	@Test
	void theMaskModelUsesNothingOfFiji() throws IOException {
		assertEquals(List.of(), violations(sources("mask"), uses("org\\.revivegan\\.fiji")));
	}

	/** A Fiji menu path ("Edit > Options", "Plugins>ReviveGAN") or the name of the application. */
	static final Pattern FRONT_END_WORDS = Pattern.compile("\\b(?:Fiji|ImageJ)\\b|[A-Z][\\w.]* ?> ?[A-Z]|" +
		"(?i:\\b(?:damage brush|ROI Manager)\\b)"); // menus, and Fiji's own tools

	/**
	 * The core's messages speak of the problem; the Fiji commands and the command line add their own menus and
	 * options (Models, ReviveCommand, CliContext, Main), since the same core runs under both and under Spark.
	 */
	@Test
	void coreMessagesNameNoFijiMenus() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path f : sources("core", "mask"))
			for (String s : literals(Files.readString(f)))
				if (FRONT_END_WORDS.matcher(s).find()) found.add(f + ": \"" + s + "\"");
		assertEquals(List.of(), found);
	}

	@Test
	void theLiteralScanSeesStringsButNotComments() {
		assertEquals(List.of("in Fiji: Edit > Options", "x"), literals("// \"Fiji\"\n/* \"a > B\" */ s = " +
			"\"in Fiji: Edit > Options\" + 'q' + '\"' + \"x\";"));
		for (String s : new String[] { "in Fiji, Help > Update...", "Plugins>ReviveGAN>Tools", "ImageJ's log",
			"a mask image or the Damage Brush", "the damage brush", "add it to the ROI Manager" })
			assertTrue(FRONT_END_WORDS.matcher(s).find(), s);
		for (String s : new String[] { "a > b", "x > 0", "FijiLike", "width > 3", "REVIVE_HEAP=16g",
			"mark the damaged pixels (non-zero)", "a brush of damage" })
			assertFalse(FRONT_END_WORDS.matcher(s).find(), s);
	}

	/** The scanner itself: it must see what it guards against, and only that. */
	@Test
	void theScanSeesQualifiedNamesInCodeButNotInCommentsOrStrings() {
		Pattern ui = uses(UI);
		for (String code : new String[] { "import ij.IJ;", "import static ij.IJ.log;", "ij.IJ.log(\"x\");",
			"java.awt.Color c = null;", "new javax.swing.JLabel()", "import net.imagej.*;", "x(ij.IJ.getInstance())" })
			assertTrue(ui.matcher(code(code)).find(), code);
		for (String code : new String[] { "// ij.IJ.log(\"x\")", "/* java.awt.Color */ int a;",
			"/** {@link ij.ImagePlus} */", "String s = \"see ij.IJ.log\";", "char q = '\"'; String t = \"ij.IJ\";",
			"myij.IJ.log();", "org.revivegan.fiji.ij.Thing t;", "int ij = 3; ij += 1;" })
			assertFalse(ui.matcher(code(code)).find(), code);
		Pattern eval = uses("org\\.revivegan\\.core\\.eval");
		assertTrue(eval.matcher(code("Img x = org.revivegan.core.eval.ClassicalInpainting.telea(a, b);")).find());
		assertFalse(eval.matcher(code("import org.revivegan.core.evaluation.X;")).find(), "another package");
		for (String code : new String[] { "org.revivegan.core.infer.ClassicalInpainting.navierStokes(src, mask)",
			"import org.revivegan.core.train.Checkpoint;", "import static org.revivegan.core.eval.Band.*;" })
			assertTrue(MODEL_USES.matcher(code(code)).find(), code);
		for (String code : new String[] { "org.revivegan.core.image.ClassicalInpainting.navierStokes(src, mask)",
			"import org.revivegan.core.inference.X;", "/** see {@link org.revivegan.core.infer.Inpainter} */" })
			assertFalse(MODEL_USES.matcher(code(code)).find(), code);
	}
}
