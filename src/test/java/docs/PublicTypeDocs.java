package docs;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;

import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the public types without a Javadoc comment in a source tree: parsed by javac (nothing compiled, so
 * it needs no class path), a type counted when it and every type around it are declared public.
 */
final class PublicTypeDocs {
    private PublicTypeDocs() {
    }

    /** The public types under {@code root} with no doc comment, as {@code path: Name.Nested}, sorted. */
    static List<String> missing(Path tree) throws IOException {
        Path root = tree.toAbsolutePath();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> missing = new ArrayList<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, diagnostic -> { }, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(sources));
            DocTrees trees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                Path file = root.relativize(Path.of(unit.getSourceFile().toUri()));
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree type, String outer) {
                        if (!type.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                            return null; // neither it nor anything inside it is public API
                        }
                        String name = outer == null ? type.getSimpleName().toString() : outer + "." + type.getSimpleName();
                        TreePath path = getCurrentPath();
                        if (trees.getDocCommentTree(path) == null) {
                            missing.add(file.toString().replace('\\', '/') + ": " + name);
                        }
                        return super.visitClass(type, name);
                    }
                }.scan(unit, null);
            }
        }
        missing.sort(null);
        return missing;
    }
}
