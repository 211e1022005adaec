// ReviveGAN: trains an inpainting model on a folder of intact photos (sub-folders too), with synthetic damage,
// for a number of steps, and saves the best model to a file (Plugins > ReviveGAN > Train Inpainting Model).
// The first half of the steps is L1 pretraining, the second half adversarial (override with l1steps and
// gansteps). The run folder keeps the checkpoint: running again with the same run folder resumes, and a larger
// step count extends a finished run.
//
// Run with no argument for a dialog, or headless / from another macro with an argument string:
//   runMacro("Train_From_Folder.ijm", "folder=[/photos] model=[/models/mine.zip] steps=2000");
//   ImageJ-linux64 --headless -macro Train_From_Folder.ijm "folder=[/photos] model=[/models/mine.zip] steps=2000"
// Keys (values with spaces in [brackets]):
//   folder      folder of intact photos (required)
//   model       model file to write (required)
//   steps       training steps in all                                        [2000]
//   l1steps     L1 pretraining steps                                         [steps / 2]
//   gansteps    adversarial steps                                            [steps - l1steps]
//   run         run folder (checkpoints, losses)                             [<model without .zip>-run]
//   validation  folder of photos never trained on, to pick the best model    [none]
//   preset      model size: tiny, small, medium, pix2pix-256, resnet18-unet, resnet18-unet-small   [small]
//   crop        crop size (pixels)                                           [128]
//   batch       batch size                                                   [8]
//   seed        random seed                                                  [42]

args = getArgument();
if (args == "") args = askArguments();
folder = call("ij.Macro.getValue", args, "folder", "");
model = call("ij.Macro.getValue", args, "model", "");
if (folder == "" || model == "") exit("Train_From_Folder: give folder=[photos] and model=[file.zip]: " + args);
if (!File.isDirectory(folder)) exit("Train_From_Folder: no folder " + folder);
steps = parseInt(call("ij.Macro.getValue", args, "steps", "2000"));
l1steps = parseInt(call("ij.Macro.getValue", args, "l1steps", "" + floor(steps / 2)));
gansteps = parseInt(call("ij.Macro.getValue", args, "gansteps", "" + (steps - l1steps)));
if (isNaN(steps) || isNaN(l1steps) || isNaN(gansteps) || l1steps < 0 || gansteps < 0)
	exit("Train_From_Folder: steps, l1steps and gansteps must be whole numbers, not negative: " + args);
runFolder = call("ij.Macro.getValue", args, "run", "");
if (runFolder == "") {
	runFolder = model;
	if (endsWith(toLowerCase(runFolder), ".zip")) runFolder = substring(runFolder, 0, lengthOf(runFolder) - 4);
	runFolder = runFolder + "-run";
}
validation = call("ij.Macro.getValue", args, "validation", "");
options = "folder=[" + folder + "] preset=" + call("ij.Macro.getValue", args, "preset", "small") +
	" crop=" + call("ij.Macro.getValue", args, "crop", "128") +
	" batch=" + call("ij.Macro.getValue", args, "batch", "8") +
	" l1steps=" + l1steps + " gansteps=" + gansteps +
	" seed=" + call("ij.Macro.getValue", args, "seed", "42") +
	" run=[" + runFolder + "] output=[" + model + "]";
if (validation != "") options = options + " validation=[" + validation + "]";
print("Train_From_Folder: run(\"Train Inpainting Model\", \"" + options + "\")");
run("Train Inpainting Model", options);
if (!File.exists(model)) exit("Train_From_Folder: no model was saved to " + model + "; see the log.");
print("Train_From_Folder: model saved to " + model + " (run folder " + runFolder + ").");

function askArguments() {
	Dialog.create("Train From Folder (ReviveGAN)");
	Dialog.addDirectory("Intact photos", "");
	Dialog.addFile("Save the model as (.zip)", "");
	Dialog.addNumber("Steps", 2000);
	Dialog.addChoice("Model size", newArray("tiny", "small", "medium", "pix2pix-256", "resnet18-unet",
		"resnet18-unet-small"), "small");
	Dialog.show();
	return "folder=[" + Dialog.getString() + "] model=[" + Dialog.getString() + "] steps=" + Dialog.getNumber() +
		" preset=" + Dialog.getChoice();
}
