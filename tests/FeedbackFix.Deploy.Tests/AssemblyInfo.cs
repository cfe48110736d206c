// jsii serves every synthesis through one node process; two test classes synthesising at once
// deadlock it, so the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
