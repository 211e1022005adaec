package org.revivegan.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The steps of bench/fiji-layout.sh that turn what pom-scijava's populate-app copies into what an update site
 * may carry without breaking Fiji, and the check that it does not:
 * <ul>
 * <li>{@code rename APP}: ND4J's relocated copies of other libraries ({@code org.nd4j:guava},
 * {@code org.nd4j:protobuf}, {@code org.nd4j:jackson}) and DL4J's {@code org.deeplearning4j:resources} are
 * copied under their artifactId ({@code jars/guava-1.0.0-M2.1.jar}); Fiji's updater knows a file by its name
 * without the version ({@code jars/guava.jar}), so it would take ND4J's Guava for Fiji's and replace it (the
 * breakage of fiji/fiji#245). They get the prefix {@code nd4j-} ({@code deeplearning4j-} for DL4J's). The group is read from the jar's own
 * {@code META-INF/maven/<group>/<artifact>/pom.properties}, so nothing else is renamed.</li>
 * <li>{@code strip APP}: ND4J's protobuf jar also carries Guava's {@code com.google.thirdparty.publicsuffix}
 * classes unrelocated (typed against the relocated Guava): beside Fiji's Guava, whichever comes first on the
 * class path wins, and Fiji's Guava would then fail with {@code NoSuchFieldError}. Nothing in ND4J or ReviveGAN
 * loads them (checked with {@code -verbose:class}, docs/fiji-install.md), so the jar is repacked without them.</li>
 * <li>{@code check APP POM}: fails (exit 1) when a jar's name without its version is the artifactId of an
 * artifact that pom-scijava (the POM given) manages at another version: Fiji ships that artifact at that
 * version, and the updater would replace one with the other.</li>
 * </ul>
 * A jar name is {@code <artifactId>-<version>[-<classifier>].jar}; the name without the version is what comes
 * before the first {@code -} that is followed by a digit (as the updater reads {@code guava-33.3.1-jre.jar}).
 */
public final class FijiLayout {

	/** The groups whose jars with a generic name get a prefix, and the prefix. */
	static final Map<String, String> PREFIXES = Map.of("org.nd4j", "nd4j-", "org.deeplearning4j", "deeplearning4j-");
	/** The unrelocated packages stripped from ND4J's protobuf jar (a path prefix inside the jar). */
	static final String STRIPPED = "com/google/thirdparty/";

	private static final Pattern JAR_NAME = Pattern.compile("(.+?)-(\\d.*)\\.jar");

	private FijiLayout() {}

	public static void main(String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("rename")) {
			for (String line : rename(Paths.get(args[1]))) System.out.println(line);
		}
		else if (args.length == 2 && args[0].equals("strip")) {
			for (String line : strip(Paths.get(args[1]))) System.out.println(line);
		}
		else if (args.length == 3 && args[0].equals("check")) {
			List<String> clashes = clashes(jarNames(Paths.get(args[1])), managedVersions(Paths.get(args[2])));
			for (String c : clashes) System.out.println("clash: " + c);
			if (!clashes.isEmpty()) System.exit(1);
		}
		else {
			System.err.println("usage: FijiLayout rename APP | strip APP | check APP POM-SCIJAVA.pom");
			System.exit(2);
		}
	}

	/** @return {artifactId, version-and-classifier} of a jar's file name, or null if it has no version */
	static String[] split(String fileName) {
		Matcher m = JAR_NAME.matcher(fileName);
		return m.matches() ? new String[] { m.group(1), m.group(2) } : null;
	}

	/**
	 * @return the name that a jar of this group and artifactId gets in the layout: the artifactId, with the
	 *         prefix for ND4J's and DL4J's jars whose name does not already say what they are
	 */
	static String layoutArtifactId(String groupId, String artifactId) {
		String prefix = groupId == null ? null : PREFIXES.get(groupId);
		if (prefix == null || artifactId.startsWith("nd4j-") || artifactId.startsWith("deeplearning4j-"))
			return artifactId;
		return prefix + artifactId;
	}

	/** @return the jars (file names) under APP/jars and APP/plugins, platform folders included */
	static List<String> jarNames(Path app) throws IOException {
		List<String> names = new ArrayList<>();
		for (Path p : jars(app)) names.add(p.getFileName().toString());
		return names;
	}

	private static List<Path> jars(Path app) throws IOException {
		List<Path> jars = new ArrayList<>();
		for (String dir : List.of("jars", "plugins")) {
			Path d = app.resolve(dir);
			if (!Files.isDirectory(d)) continue;
			try (Stream<Path> s = Files.walk(d)) {
				jars.addAll(s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
					.collect(Collectors.toList()));
			}
		}
		return jars;
	}

	/** @return the group of a jar, from its META-INF/maven/GROUP/ARTIFACT/pom.properties that names its own version */
	static String groupOf(Path jar) throws IOException {
		String[] parts = split(jar.getFileName().toString());
		if (parts == null) return null;
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				String name = e.nextElement().getName();
				if (!name.startsWith("META-INF/maven/") || !name.endsWith("/" + parts[0] + "/pom.properties")) continue;
				Properties p = new Properties();
				try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
					p.load(in);
				}
				if (parts[0].equals(p.getProperty("artifactId")) && parts[1].startsWith(p.getProperty("version", "?")))
					return p.getProperty("groupId");
			}
		}
		return null;
	}

	/** Renames the ND4J/DL4J jars with generic names; @return one line per renamed jar */
	static List<String> rename(Path app) throws IOException {
		List<String> done = new ArrayList<>();
		for (Path jar : jars(app)) {
			String name = jar.getFileName().toString();
			String[] parts = split(name);
			if (parts == null) continue;
			String group = groupOf(jar);
			String artifact = layoutArtifactId(group, parts[0]);
			if (artifact.equals(parts[0])) continue;
			Path target = jar.resolveSibling(artifact + "-" + parts[1] + ".jar");
			Files.move(jar, target, StandardCopyOption.REPLACE_EXISTING);
			done.add(app.relativize(jar) + " -> " + target.getFileName() + " (" + group + ":" + parts[0] + ")");
		}
		return done;
	}

	/**
	 * Repacks every jar that holds entries under {@link #STRIPPED} without them; @return one line per repacked
	 * jar (the jar keeps its name and every other entry, in order)
	 */
	static List<String> strip(Path app) throws IOException {
		List<String> done = new ArrayList<>();
		for (Path jar : jars(app)) {
			int removed = 0;
			Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
			try (ZipFile zip = new ZipFile(jar.toFile())) {
				if (zip.stream().noneMatch(e -> e.getName().startsWith(STRIPPED))) continue;
				try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(os)) {
					for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
						ZipEntry entry = e.nextElement();
						if (entry.getName().startsWith(STRIPPED)) {
							removed++;
							continue;
						}
						ZipEntry copy = new ZipEntry(entry.getName());
						copy.setTime(entry.getTime());
						out.putNextEntry(copy);
						try (InputStream in = zip.getInputStream(entry)) {
							in.transferTo(out);
						}
						out.closeEntry();
					}
				}
			}
			Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
			done.add(app.relativize(jar) + ": removed " + removed + " entries under " + STRIPPED);
		}
		return done;
	}

	/**
	 * @return artifactId -> version of every dependency that the POM manages (its own properties resolved; an
	 *         artifactId managed under two groups keeps both versions, separated by " | ")
	 */
	static Map<String, String> managedVersions(Path pom) throws Exception {
		DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setNamespaceAware(false);
		Document doc = f.newDocumentBuilder().parse(pom.toFile());
		Element project = doc.getDocumentElement();
		Map<String, String> props = new TreeMap<>();
		Element properties = child(project, "properties");
		if (properties != null) for (Element p : children(properties)) props.put(p.getTagName(), p.getTextContent().trim());
		Element dm = child(project, "dependencyManagement");
		Element deps = dm == null ? null : child(dm, "dependencies");
		if (deps == null) throw new IOException(pom + " has no <dependencyManagement><dependencies>: not a BOM");
		Map<String, String> managed = new TreeMap<>();
		for (Element d : children(deps)) {
			if (!d.getTagName().equals("dependency")) continue;
			String artifact = text(d, "artifactId"), version = resolve(text(d, "version"), props);
			if (artifact == null || version == null) continue;
			managed.merge(artifact, version, (a, b) -> a.equals(b) || List.of(a.split(" \\| ")).contains(b) ? a : a + " | " + b);
		}
		return managed;
	}

	/** @return "name: artifactId at version here, managed at version" for every clash */
	static List<String> clashes(List<String> jarNames, Map<String, String> managed) {
		List<String> clashes = new ArrayList<>();
		for (String name : jarNames) {
			String[] parts = split(name);
			if (parts == null || !managed.containsKey(parts[0])) continue;
			boolean same = false;
			for (String v : managed.get(parts[0]).split(" \\| "))
				same |= parts[1].equals(v) || parts[1].startsWith(v + "-");
			if (!same) clashes.add(name + ": pom-scijava manages " + parts[0] + " at " + managed.get(parts[0]) +
				"; Fiji's updater would take one for the other");
		}
		return clashes;
	}

	private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)\\}");

	private static String resolve(String value, Map<String, String> props) {
		for (int depth = 0; value != null && value.contains("${"); depth++) {
			if (depth > 20) return null;
			Matcher m = PROPERTY.matcher(value);
			StringBuilder sb = new StringBuilder();
			while (m.find()) {
				String v = props.get(m.group(1));
				if (v == null) return null; // a property of the parent POM or of the build: not a version to compare
				m.appendReplacement(sb, Matcher.quoteReplacement(v));
			}
			m.appendTail(sb);
			value = sb.toString();
		}
		return value;
	}

	private static Element child(Element parent, String tag) {
		for (Element e : children(parent)) if (e.getTagName().equals(tag)) return e;
		return null;
	}

	private static String text(Element parent, String tag) {
		Element e = child(parent, tag);
		return e == null ? null : e.getTextContent().trim();
	}

	private static List<Element> children(Element parent) {
		List<Element> list = new ArrayList<>();
		NodeList nodes = parent.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++)
			if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) list.add((Element) nodes.item(i));
		return list;
	}
}
