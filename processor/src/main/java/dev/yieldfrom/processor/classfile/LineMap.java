package dev.yieldfrom.processor.classfile;

/**
 * Where the code of one generated class comes from in the template.
 *
 * @param sourceFile the template's file name, as the class file's {@code SourceFile} names it
 * @param templateLines for each generated line (index 1 is the first), its template line; 0 for
 *     the machinery that no template line holds
 * @param machineryLine the template line given to that machinery: the coroutine's declaration
 */
public record LineMap(String sourceFile, int[] templateLines, int machineryLine) {
  int templateLine(int generatedLine) {
    int line =
        generatedLine > 0 && generatedLine < templateLines.length ? templateLines[generatedLine] : 0;
    return line > 0 ? line : machineryLine;
  }
}
