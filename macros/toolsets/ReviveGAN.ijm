// ReviveGAN toolset: one toolbar button per ReviveGAN command, plus the Damage Brush.
// Install it with Plugins > ReviveGAN > Tools > Install ReviveGAN Toolset, or choose "ReviveGAN" from the
// toolbar's >> menu once this file is in Fiji.app/macros/toolsets/. Each button runs the menu command of the
// same name, which opens its dialog; shift-click and such are not used.

macro "Damage Brush Action Tool - C741Le197Lf2a8Le298C999L6a88L7a97Cd00V1a55L0f2d" {
	run("Damage Brush");
}

macro "Inpaint Damage Action Tool - C666R01fcCd00L2b6aL6a8cL8cb8C0a0Fa544" {
	run("Inpaint Damage");
}

macro "Colorize Action Tool - Cd00V1166C0b0V9166C00dV5966" {
	run("Colorize");
}

macro "Restore Photo Action Tool - C666R01fcCd00L2b6aC0a0Fa544C00dV3944" {
	run("Restore Photo");
}

macro "Train Inpainting Model Action Tool - C037T0d13TCd00T8f12i" {
	run("Train Inpainting Model");
}

macro "Train Colorization Model Action Tool - C037T0d13TC0a0T8f12c" {
	run("Train Colorization Model");
}

macro "Evaluate Model Action Tool - C000L0fffC037F0b35F5739Fa33d" {
	run("Evaluate Model");
}

macro "Backend Info Action Tool - C037O11eeT6d12i" {
	run("Backend Info");
}
