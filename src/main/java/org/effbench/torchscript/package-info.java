/**
 * A TorchScript {@code .pt} file counted from its own code, without running it: the archive read as
 * a zip ({@link org.effbench.torchscript.TorchScriptArchive}: the module tree and tensors from its
 * pickles, the TorchScript source under {@code code/}), the source parsed into a syntax tree
 * ({@link org.effbench.torchscript.TorchScriptParser}, {@link org.effbench.torchscript.Ast}), and
 * {@code forward} run on abstract values by {@link org.effbench.torchscript.CodeCounter} with the
 * rule table of {@code counting} ({@link org.effbench.torchscript.CodeCount}: per operator calls
 * and MACs, parameters by storage, where the walk stopped if it did). A {@link
 * org.effbench.torchscript.FileProfile} puts that count beside libtorch's trace of one pass ({@code
 * operators}), operator by operator.
 */
package org.effbench.torchscript;
