// ReviveGAN: restores every photo in a folder, saving <name>-restored.tif into an output folder.
//
// For each photo <name>.<ext> of the input folder, the damage mask is, in this order:
//   1. the file <name>-mask.png next to it (non-zero pixels = damaged; the same size as the photo),
//   2. the NaN pixels of a 32-bit photo,
//   3. the photo's overlay (a TIFF saved with ROIs in its overlay).
// The damage is inpainted (Plugins > ReviveGAN > Inpaint Damage). With a colourisation model, grayscale photos
// are then coloured (Plugins > ReviveGAN > Restore Photo, which does both); colour photos keep their colours.
// A photo without damage is only coloured (if grayscale and a colourisation model is given), else skipped.
// Files named *-mask.png and *-restored.tif are never taken as photos.
//
// Run with no argument for a dialog, or headless / from another macro with an argument string:
//   runMacro("Restore_Folder.ijm", "input=[/photos] output=[/restored] inpaint=[default] colorize=[none] dilate=2");
//   ImageJ-linux64 --headless -macro Restore_Folder.ijm "input=[/photos] output=[/restored]"
// Keys (values with spaces in [brackets]):
//   input     folder of photos (required)
//   output    folder for <name>-restored.tif (required; created if missing)
//   inpaint   inpainting model file, or default (the bundled model)            [default]
//   colorize  colourisation model file, default, or none (no colouring)       [none]
//   dilate    grow each mask by this many pixels                               [0]
//   size      working size of the colourisation (longer side, pixels);
//             0 = the colourisation model's own                                [0]

args = getArgument();
if (args == "") args = askArguments();
input = folderArgument(args, "input");
output = folderArgument(args, "output");
inpaint = call("ij.Macro.getValue", args, "inpaint", "default");
colorize = call("ij.Macro.getValue", args, "colorize", "none");
dilate = parseInt(call("ij.Macro.getValue", args, "dilate", "0"));
size = parseInt(call("ij.Macro.getValue", args, "size", "0"));
if (isNaN(dilate) || isNaN(size)) exit("Restore_Folder: dilate and size must be whole numbers: " + args);
if (!File.isDirectory(input)) exit("Restore_Folder: no input folder " + input);
File.makeDirectory(output);
if (!File.isDirectory(output)) exit("Restore_Folder: cannot create the output folder " + output);

setBatchMode(true);
files = getFileList(input);
restored = 0; skipped = 0;
for (i = 0; i < files.length; i++) {
	file = files[i];
	if (!isPhoto(file)) continue;
	name = File.getNameWithoutExtension(file);
	open(input + file);
	photo = getImageID();
	title = getTitle();
	maskFile = input + name + "-mask.png";
	maskOption = "";
	mask = 0;
	if (File.exists(maskFile)) {
		open(maskFile);
		mask = getImageID();
		maskOption = "mask=mask-image maskimage=[" + getTitle() + "]";
		selectImage(photo);
	} else if (bitDepth() == 32 && nanCount() > 0)
		maskOption = "mask=nan";
	else if (Overlay.size > 0)
		maskOption = "mask=overlay";
	colour = false;
	if (colorize != "none") colour = is("grayscale");
	if (maskOption != "" && colour)
		runCommand(photo, "Restore Photo", "image=[" + title + "] " + maskOption + " dilate=" + dilate +
			" inpaint=[" + inpaint + "] colorize=[" + colorize + "] size=" + size);
	else if (maskOption != "")
		runCommand(photo, "Inpaint Damage", "image=[" + title + "] " + maskOption + " model=[" + inpaint +
			"] dilate=" + dilate);
	else if (colour)
		runCommand(photo, "Colorize", "image=[" + title + "] model=[" + colorize + "] size=" + size);
	else {
		print("Restore_Folder: " + file + " has no damage mask (no " + name + "-mask.png, NaN pixels or overlay)" +
			" and is not to be coloured: skipped.");
		skipped++;
		closeImages(photo, mask, 0);
		continue;
	}
	result = getImageID();
	saveAs("Tiff", output + name + "-restored.tif");
	restored++;
	closeImages(photo, mask, result);
}
setBatchMode(false);
done = "Restore_Folder: restored " + restored + " photos into " + output;
if (skipped > 0) done = done + "; skipped " + skipped;
print(done + ".");

// Runs a ReviveGAN command on the image with ID source; stops the macro if it made no new image (the command
// was cancelled: its reason is in the log or a dialog).
function runCommand(source, command, options) {
	selectImage(source);
	run(command, options);
	if (getImageID() == source)
		exit("Restore_Folder: " + command + " made no image from " + getTitle() + " (" + options + ")");
}

// Closes the images with these IDs (0: none); the user's other open images stay open.
function closeImages(a, b, c) {
	ids = newArray(a, b, c);
	for (k = 0; k < ids.length; k++)
		if (ids[k] != 0 && isOpen(ids[k])) {
			selectImage(ids[k]);
			close();
		}
}

// Photos: image files that are not masks or results of this macro, and not hidden.
function isPhoto(file) {
	lower = toLowerCase(file);
	if (startsWith(file, ".") || endsWith(file, "/")) return false;
	if (endsWith(lower, "-mask.png") || endsWith(lower, "-restored.tif")) return false;
	// (an if, not "return a || b": the macro language's return takes a number, not a boolean expression)
	if (endsWith(lower, ".png") || endsWith(lower, ".jpg") || endsWith(lower, ".jpeg") ||
		endsWith(lower, ".tif") || endsWith(lower, ".tiff") || endsWith(lower, ".bmp")) return true;
	return false;
}

// Number of NaN pixels of the current 32-bit image (its statistics leave NaN out).
function nanCount() {
	getRawStatistics(counted);
	return getWidth() * getHeight() - counted;
}

// The value of a folder key, ending with the file separator; stops the macro if it is missing.
function folderArgument(args, key) {
	dir = call("ij.Macro.getValue", args, key, "");
	if (dir == "") exit("Restore_Folder: give " + key + "=[folder] in the argument: " + args);
	if (!endsWith(dir, "/") && !endsWith(dir, File.separator)) dir = dir + File.separator;
	return dir;
}

function askArguments() {
	Dialog.create("Restore Folder (ReviveGAN)");
	Dialog.addDirectory("Photos", "");
	Dialog.addDirectory("Save restored photos in", "");
	Dialog.addString("Inpainting model (file or 'default')", "default", 30);
	Dialog.addString("Colourisation model (file, 'default', or 'none')", "none", 30);
	Dialog.addNumber("Grow the masks by (pixels)", 0);
	Dialog.addNumber("Colourisation working size (pixels; 0 = the model's own)", 0);
	Dialog.show();
	return "input=[" + Dialog.getString() + "] output=[" + Dialog.getString() + "] inpaint=[" + Dialog.getString() +
		"] colorize=[" + Dialog.getString() + "] dilate=" + Dialog.getNumber() + " size=" + Dialog.getNumber();
}
