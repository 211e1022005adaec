// ReviveGAN: colours every grayscale photo in a folder, saving <name>-colorized.tif into an output folder
// (Plugins > ReviveGAN > Colorize). 8-bit and gray RGB photos give RGB results; 16-bit and 32-bit photos give a
// 3-channel composite of the same bit depth. Colour photos are skipped unless recolor=true.
//
// Run with no argument for a dialog, or headless / from another macro with an argument string:
//   runMacro("Colorize_Folder.ijm", "input=[/photos] output=[/coloured] model=[default]");
//   ImageJ-linux64 --headless -macro Colorize_Folder.ijm "input=[/photos] output=[/coloured]"
// Keys (values with spaces in [brackets]):
//   input     folder of photos (required)
//   output    folder for <name>-colorized.tif (required; created if missing)
//   model     colourisation model file, or default (the bundled model)         [default]
//   size      working size (longer side, pixels); 0 = the model's own          [0]
//   recolor   true: colour the colour photos too, from their lightness          [false]

args = getArgument();
if (args == "") args = askArguments();
input = folderArgument(args, "input");
output = folderArgument(args, "output");
model = call("ij.Macro.getValue", args, "model", "default");
size = parseInt(call("ij.Macro.getValue", args, "size", "0"));
recolor = false;
if (call("ij.Macro.getValue", args, "recolor", "false") == "true") recolor = true;
if (isNaN(size)) exit("Colorize_Folder: size must be a whole number: " + args);
if (!File.isDirectory(input)) exit("Colorize_Folder: no input folder " + input);
File.makeDirectory(output);
if (!File.isDirectory(output)) exit("Colorize_Folder: cannot create the output folder " + output);

setBatchMode(true);
files = getFileList(input);
coloured = 0; skipped = 0;
for (i = 0; i < files.length; i++) {
	file = files[i];
	if (!isPhoto(file)) continue;
	name = File.getNameWithoutExtension(file);
	open(input + file);
	photo = getImageID();
	if (!recolor && !is("grayscale")) {
		print("Colorize_Folder: " + file + " already has colour: skipped (recolor=true colours it anyway).");
		skipped++;
		close();
		continue;
	}
	run("Colorize", "image=[" + getTitle() + "] model=[" + model + "] size=" + size);
	if (getImageID() == photo) exit("Colorize_Folder: Colorize made no image from " + file);
	saveAs("Tiff", output + name + "-colorized.tif");
	close();
	selectImage(photo);
	close();
	coloured++;
}
setBatchMode(false);
done = "Colorize_Folder: coloured " + coloured + " photos into " + output;
if (skipped > 0) done = done + "; skipped " + skipped;
print(done + ".");

// Photos: image files that are not masks or results of ReviveGAN's folder macros, and not hidden.
function isPhoto(file) {
	lower = toLowerCase(file);
	if (startsWith(file, ".") || endsWith(file, "/")) return false;
	if (endsWith(lower, "-mask.png") || endsWith(lower, "-restored.tif") || endsWith(lower, "-colorized.tif"))
		return false;
	// (an if, not "return a || b": the macro language's return takes a number, not a boolean expression)
	if (endsWith(lower, ".png") || endsWith(lower, ".jpg") || endsWith(lower, ".jpeg") ||
		endsWith(lower, ".tif") || endsWith(lower, ".tiff") || endsWith(lower, ".bmp")) return true;
	return false;
}

// The value of a folder key, ending with the file separator; stops the macro if it is missing.
function folderArgument(args, key) {
	dir = call("ij.Macro.getValue", args, key, "");
	if (dir == "") exit("Colorize_Folder: give " + key + "=[folder] in the argument: " + args);
	if (!endsWith(dir, "/") && !endsWith(dir, File.separator)) dir = dir + File.separator;
	return dir;
}

function askArguments() {
	Dialog.create("Colorize Folder (ReviveGAN)");
	Dialog.addDirectory("Photos", "");
	Dialog.addDirectory("Save coloured photos in", "");
	Dialog.addString("Colourisation model (file or 'default')", "default", 30);
	Dialog.addNumber("Working size (pixels; 0 = the model's own)", 0);
	Dialog.addCheckbox("Colour the colour photos too", false);
	Dialog.show();
	return "input=[" + Dialog.getString() + "] output=[" + Dialog.getString() + "] model=[" + Dialog.getString() +
		"] size=" + Dialog.getNumber() + " recolor=" + Dialog.getCheckbox();
}
