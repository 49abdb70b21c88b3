/** A named module that uses nn: nn's jars are automatic modules (nn.core, nn.openblas, nn.mnist). */
module example.modules {
    requires nn.core;
    requires nn.openblas;
}
