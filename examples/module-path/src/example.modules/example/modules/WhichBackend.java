package example.modules;

import nn.backend.Blas;

/** Prints the backend nn uses on the module path, and fails unless it is OpenBLAS. */
public class WhichBackend {
    public static void main(String[] args) {
        String backend = Blas.best().description();
        System.out.println("on the module path: " + backend);
        if (!backend.startsWith("OpenBLAS")) {
            System.exit(1);
        }
    }
}
