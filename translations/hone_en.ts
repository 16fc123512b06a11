<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>RunEstimate</name>
    <message>
        <source>under a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingOptions</name>
    <message>
        <source>Run name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the run; the run folder&apos;s name ends with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pretrained model: a Hugging Face folder or the name of a discovered model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed for the split, the new weights, the order of the texts and dropout: the same seed gives the same run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One labelled file, split into training, validation and test by the split ratios.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training file (instead of one file split by ratios).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation file; when empty, validation rows are carved from the training file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test file, evaluated once with the best model at the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column with the text; empty detects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second text column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column with a second text, for sentence pairs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column with the label; empty detects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Character encoding of the data files: auto, utf-8, utf-16, gb18030, gbk, latin-1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares of training, validation and test rows when one file is split, e.g. 0.8,0.1,0.1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stratify by label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep each label&apos;s share the same in every split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many times training goes through all training texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step size of the optimizer. Fine-tuning usually works between 1e-5 and 1e-4; too high and the loss jumps or diverges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts per training step. Larger batches use more memory and give smoother updates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max length (tokens):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts longer than this many tokens are cut. Longer limits cost memory and time (attention grows with the square of the length).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When to measure the model on the validation split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With evaluation every N steps: the number of optimizer steps between evaluations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best model by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation metric that decides which checkpoint is the best one (and drives early stopping).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The optimizer. AdamW (Adam with decoupled weight decay) is the standard for fine-tuning transformers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shrinks the weights a little at every step, which regularises. 0.01 is common; biases and LayerNorm weights are not decayed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam β1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay rate of Adam&apos;s running mean of the gradients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam β2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay rate of Adam&apos;s running mean of the squared gradients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam ε:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small constant that keeps the optimizer&apos;s division stable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum of SGD and RMSprop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Nesterov&apos;s variant of momentum (SGD only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clip gradients at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradients whose total norm exceeds this are scaled down, which prevents sudden jumps. 0 turns clipping off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accumulate batches:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds up the gradients of this many batches before each optimizer step: a larger effective batch without more memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the learning rate changes over the run after the warm-up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up share:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of all steps during which the learning rate rises from 0 to its value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up as a number of steps instead of a share.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many optimizer steps, whatever the number of epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off (use epochs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts per batch when evaluating; no gradients are kept, so it can be larger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps between the points of the training loss curve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Higher metric is better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether a higher value of the chosen metric is better (off for loss). Follows the metric unless given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the best model (not the last)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the end, keep the checkpoint with the best validation metric rather than the last one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping patience:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop when the metric has not improved for this many evaluations. 0 turns early stopping off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much the metric must improve to count as an improvement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints kept:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many checkpoints are kept on disk; the best one is never deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softens the target labels (e.g. 0.1), which can help with noisy labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class weights:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights the loss so that rare classes count as much as frequent ones (useful with imbalanced data).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not train the token embeddings: faster, less memory, sometimes more robust on small data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze lowest layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not train the lowest N encoder layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train LoRA adapters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-rank adapters: train small extra matrices in the attention layers instead of all weights. Far less memory for the optimizer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank (r):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank of the adapter matrices; higher adapts more and costs more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alpha:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale of the adapters&apos; contribution (alpha / r).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout on the adapters&apos; input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bfloat16 mixed precision (faster on CPUs with AVX-512 BF16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs matrix products in bfloat16 with float32 weights (CPU autocast). On by default where the CPU has native bfloat16 (AVX-512 BF16 or AMX), where it trains about 1.6x faster at the same accuracy; without it, it is emulated and far slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group texts of similar length (less padding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batches texts of similar length together, so less padding is computed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads for this run; 0 uses all cores. The default comes from Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation and checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regularisation and freezing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA adapters (train far fewer weights)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to train: classification (an encoder learns labels), sft (a chat model learns from instruction data) or pretrain (a decoder continues pre-training on plain text).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template that turns conversations into text: empty uses the model&apos;s own; or a built-in one (chatml, llama3, gemma, alpaca) or a .jinja file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction tuning: learn the assistant&apos;s answers only (usual), or every token of the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pack short samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concatenates short training samples into rows of the maximum length: less padding, faster epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample answer length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At each evaluation the model answers a few validation prompts; at most this many tokens each.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample prompts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many validation prompts (the first ones) the model answers at each evaluation; 0 answers none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language models (instruction tuning, pre-training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes training on this machine, each on its share of every batch (data parallelism); the batch size is per process. 1 trains in one process. With few cores, one process per core often trains faster than one process using them as threads; more processes than cores is slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines taking part; each runs the same command with its own node rank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine index:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine&apos;s index, 0 to machines - 1; machine 0 serves the rendezvous and writes the run folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendezvous address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address of machine 0, which the other machines connect to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendezvous port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP port of the rendezvous on machine 0; needed with several machines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port (one machine only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silent rank timeout (s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds the processes wait for one that has gone silent before all stop with an error naming it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several processes or machines (data parallelism)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target modules:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated names of the projections that get adapters (PEFT&apos;s target_modules, e.g. q_proj,v_proj); empty: the model&apos;s usual ones (a decoder&apos;s attention and MLP projections, an encoder&apos;s every projection).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::AboutDialog</name>
    <message>
        <source>About Hone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Hone %1&lt;/h2&gt;&lt;p&gt;A workbench for fine-tuning pretrained language models.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LibTorch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SentencePiece:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BLAS:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not available (CPU only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::ChatWidget</name>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: %1, chat template from %2 (loaded in %3 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: %1 has no chat template, so each message is continued as plain text (loaded in %2 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The base model %1 will answer beside the fine-tuned one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the base model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) in %1 s (%2 tokens/s); ended by %3.</source>
        <translation>
            <numerusform>%n token in %1 s (%2 tokens/s); ended by %3.</numerusform>
            <numerusform>%n tokens in %1 s (%2 tokens/s); ended by %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>the end of the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a stop string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the limit of new tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the full context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a message below and press Send (Ctrl+Enter). The conversation continues until New chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the start of a text below and press Send (Ctrl+Enter); the model continues it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message (Ctrl+Enter sends)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always take the most likely token: the same message gives the same answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Weights:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exact (f32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faster (bf16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fastest (q8_0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How new tokens read the model&apos;s weights: f32 exactly as loaded; bf16 or q8_0 copies move half or a quarter of the bytes per token, so answers come faster, with logits within rounding (a long answer can take another word).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available for runs: the model the run started from answers beside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answers each message beside the fine-tuned model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a language-model run, a model folder or a .gguf file to chat with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ystem prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: how the model should behave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as the conversation&apos;s system message (empty: the chat template&apos;s default). Changing it starts a new chat.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::ClassMetricsTable</name>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Macro average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weighted average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::CompareWidget</name>
    <message>
        <source>Add a run folder to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick two or more runs to compare them. The first one ticked is the baseline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some runs could not be read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick runs on the left to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These runs have no points for this curve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation macro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation weighted F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation macro precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation macro recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test macro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps trained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Better than the baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worse than the baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick two or more runs to see how their settings differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configurations are identical.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) differ; settings that are the same in every run are not shown.</source>
        <translation>
            <numerusform>%n setting differs; settings that are the same in every run are not shown.</numerusform>
            <numerusform>%n settings differ; settings that are the same in every run are not shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>No evaluation in this run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add run folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Curve:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training loss (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalised (share of each true label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not compared with %2: %3 has no readable split.json, so the rows it was tested on are unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not compared with %2: they split the same data differently (split seeds %3 and %4), so their test sets are not the same rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not compared with %2: their label sets differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not compared with %2: %3 has no test predictions (no test split, or the run has not finished).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not compared with %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95% CI [%1, %2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is better than %2: %3 points of accuracy, %4, %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is worse than %2: %3 points of accuracy, %4, %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No clear difference between %1 and %2: %3 points of accuracy, %4 includes 0, %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Macro-F1: %1 points, 95% CI [%2, %3].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick two or more runs to compare them with statistics on their test rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perfectly calibrated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (ECE %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reliability on the test rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence (top probability)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of these runs has test predictions with probabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not compared with %2: they were trained on different data (as many rows, other contents), so their test sets are not the same rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not compared with %2: they were trained on different data (%3 rows against %4), so their test sets are not the same rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test accuracy %1% for %2 and %3% for %4 on %5 rows. Rows only one run got right: %2 %6, %4 %7 (McNemar&apos;s exact test). Intervals from %8 bootstrap resamples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These runs cannot be compared: %1 fine-tuned a language model and %2 a text classifier, which share no metric or output. Tick runs of one kind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These runs cannot be compared (see the note under the runs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These runs have no sample answers yet: they are generated at each evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each run&apos;s answers to the same validation prompts, at its best evaluation (the latest while it trains). A dash: the run did not answer that prompt (other data or fewer sample prompts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::ConfusionHeatmap</name>
    <message>
        <source>Predicted label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True label</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>True: %1
Predicted: %2
%n row(s), %3% of the true label&apos;s rows</source>
        <translation>
            <numerusform>True: %1
Predicted: %2
%n row, %3% of the true label&apos;s rows</numerusform>
            <numerusform>True: %1
Predicted: %2
%n rows, %3% of the true label&apos;s rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::ConfusionMatrixWidget</name>
    <message>
        <source>Click a cell to list its rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n row(s). The texts of this evaluation were not saved.</source>
        <translation>
            <numerusform>True %1, predicted %2: %n row. The texts of this evaluation were not saved.</numerusform>
            <numerusform>True %1, predicted %2: %n rows. The texts of this evaluation were not saved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted correctly: %n row(s).</source>
        <translation>
            <numerusform>True %1, predicted correctly: %n row.</numerusform>
            <numerusform>True %1, predicted correctly: %n rows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n row(s), most confident first.</source>
        <translation>
            <numerusform>True %1, predicted %2: %n row, most confident first.</numerusform>
            <numerusform>True %1, predicted %2: %n rows, most confident first.</numerusform>
        </translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P(%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(text not available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrix · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show each cell as its share of the true label&apos;s rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The confusion matrix appears after the first evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P(predicted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P(true)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::DashboardWidget</name>
    <message>
        <source>stopped early (no improvement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best model, step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-class metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-class metrics · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The loss appears after the first logged steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accuracy appears after the first logged steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schedule appears after the first logged steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>majority baseline %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model predicts “%1” for every validation row; always answering “%2” would score %3. Try a lower learning rate, more epochs or balanced class weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model does no better on validation than always answering “%1” (majority baseline %2). Try a lower learning rate, more epochs or balanced class weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation perplexity appears after the first evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::DataPage</name>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (second text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Preview: the first %n row(s)</source>
        <translation>
            <numerusform>Preview: the first %n row</numerusform>
            <numerusform>Preview: the first %n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n label(s)</source>
        <translation>
            <numerusform>%n label</numerusform>
            <numerusform>%n labels</numerusform>
        </translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder of text files per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(separator %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message>
        <source>sentence pairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a data file: a CSV, TSV or JSON Lines file with a header row, one text and one label per row (Browse…, or drop it on this page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the columns: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Data File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the labelled data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One row per example: the text (optionally a second text, for sentence pairs) and its label.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of a .csv, .tsv or .jsonl file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can also drop a file on this page. Recent files are in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Second text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the file&apos;s bytes become text. Detection recognises UTF-8, UTF-16 and GB18030; choose Latin-1 or GBK for older exports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column with the text to classify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For sentence-pair tasks (paraphrase, entailment): the column with the second text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column with the class of each row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the Data Without Duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another file name: the original file is kept as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file without duplicates cannot be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Duplicates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a copy of the data with every text once (the first row of each), and use it. Duplicates that land in different splits make the evaluation look better than it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Chat Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jinja templates (*.jinja *.j2 *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per conversation under the chat template: median %1, 95% within %2, longest %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per sample: median %1, 95% within %2, longest %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the max length of %1 tokens (Hyperparameters page) no sample is cut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the max length of %1 tokens (Hyperparameters page) %2 of the samples (%3) are cut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n of them keep no learned token and are left out.</source>
        <translation>
            <numerusform>%n of them keeps no learned token and is left out.</numerusform>
            <numerusform>%n of them keep no learned token and are left out.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model learns from %1 of the tokens: the assistant&apos;s answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(Measured on a sample of %1 conversations.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln sample(s)</source>
        <translation>
            <numerusform>%Ln sample</numerusform>
            <numerusform>%Ln samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conversation(s)</source>
        <translation>
            <numerusform>%Ln conversation</numerusform>
            <numerusform>%Ln conversations</numerusform>
        </translation>
    </message>
    <message>
        <source>template: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The first %n sample(s)</source>
        <translation>
            <numerusform>The first %n sample</numerusform>
            <numerusform>The first %n samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a data file: conversations in the Alpaca, ShareGPT or OpenAI messages format, as JSON or JSON Lines (Browse…, or drop it on this page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a data file: plain text with one sample per line (.txt), or JSON Lines records with a &quot;text&quot; field (Browse…, or drop it on this page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer cannot be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model has no chat template of its own: choose one in the Chat template list (ChatML suits most chat models), or a template file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat template cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) cannot be rendered with the chat template; fix them in the file or choose another template.</source>
        <translation>
            <numerusform>%n sample cannot be rendered with the chat template; fix it in the file or choose another template.</numerusform>
            <numerusform>%n samples cannot be rendered with the chat template; fix them in the file or choose another template.</numerusform>
        </translation>
    </message>
    <message>
        <source>Load the instruction data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations in the Alpaca, ShareGPT or OpenAI messages format, as JSON or JSON Lines. Each one is shown as the model reads it, rendered with the chat template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of a .json or .jsonl file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text with one sample per line (.txt), or JSON Lines records with a &quot;text&quot; field; conversations are rendered with the chat template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of a .txt, .json or .jsonl file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chat template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template that turns a conversation into the text the model reads. The model&apos;s own is what it was trained with; choose a built-in one for a model that has none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background-color:#ffe082&apos;&gt;&amp;nbsp;Highlighted&amp;nbsp;&lt;/span&gt; tokens carry the loss: the model learns to write them. Struck-out text lies past the max length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model is chosen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::DatasetWarnings</name>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blank text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blank second text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) skipped (%1); they are not used.</source>
        <translation>
            <numerusform>%Ln row skipped (%1); they are not used.</numerusform>
            <numerusform>%Ln rows skipped (%1); they are not used.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only one class: a classifier needs at least two labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imbalanced classes: &quot;%1&quot; is only %2 of the rows. Accuracy alone will look good; watch macro F1, and consider balanced class weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Class &quot;%1&quot; has only %n row(s): too few to learn or to evaluate.</source>
        <translation>
            <numerusform>Class &quot;%1&quot; has only %n row: too few to learn or to evaluate.</numerusform>
            <numerusform>Class &quot;%1&quot; has only %n rows: too few to learn or to evaluate.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) repeat the text of an earlier row (duplicates).</source>
        <translation>
            <numerusform>%Ln row repeats the text of an earlier row (a duplicate).</numerusform>
            <numerusform>%Ln rows repeat the text of an earlier row (duplicates).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln text(s) appear with different labels (%1 rows); the model cannot get them all right.</source>
        <translation>
            <numerusform>%Ln text appears with different labels (%1 rows); the model cannot get them all right.</numerusform>
            <numerusform>%Ln texts appear with different labels (%1 rows); the model cannot get them all right.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 between %2 and %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leakage: the same texts are in more than one split (%1). Evaluation will overestimate accuracy; remove the duplicates from the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n classes have fewer than 10 rows (%1): too few to learn or to evaluate. Merge or drop them.</source>
        <translation>
            <numerusform>%n class has fewer than 10 rows (%1): too few to learn or to evaluate. Merge or drop it.</numerusform>
            <numerusform>%n classes have fewer than 10 rows (%1): too few to learn or to evaluate. Merge or drop them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::EmptyStateWidget</name>
    <message>
        <source>Fine-tune a language model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open run folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pretrained models found yet. Run scripts/setup.sh to install the default model, or browse to a Hugging Face model folder in the wizard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pretrained model(s) ready to use.</source>
        <translation>
            <numerusform>%n pretrained model ready to use.</numerusform>
            <numerusform>%n pretrained models ready to use.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pick a pretrained model (a text classifier or a chat model), load labelled texts or conversations, choose hyperparameters and watch the model learn. Every run is kept so you can compare it, talk to it and export it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::EvaluateDialog</name>
    <message>
        <source>Evaluate on a File — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A labelled .csv, .tsv or .jsonl file with the run&apos;s labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run&apos;s model predicts every row of the file; the labels in the file are the truth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labelled Data to Evaluate On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1 and predicting every row…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot evaluate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s): accuracy %1, macro F1 %2, weighted F1 %3.</source>
        <translation>
            <numerusform>%n row: accuracy %1, macro F1 %2, weighted F1 %3.</numerusform>
            <numerusform>%n rows: accuracy %1, macro F1 %2, weighted F1 %3.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::ExportDialog</name>
    <message>
        <source>Choose a run folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the export folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the folder?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was not verified (no validation rows to compare, or verification was off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared predictions on %n validation row(s): max difference %1 — identical.</source>
        <translation>
            <numerusform>Reloaded the export and compared predictions on %n validation row: max difference %1 — identical.</numerusform>
            <numerusform>Reloaded the export and compared predictions on %n validation rows: max difference %1 — identical.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared predictions on %n validation row(s): max difference %1 — the same predictions up to floating-point rounding.</source>
        <translation>
            <numerusform>Reloaded the export and compared predictions on %n validation row: max difference %1 — the same predictions up to floating-point rounding.</numerusform>
            <numerusform>Reloaded the export and compared predictions on %n validation rows: max difference %1 — the same predictions up to floating-point rounding.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared predictions on %n validation row(s): max difference %1 — the export does NOT reproduce the run&apos;s predictions.</source>
        <translation>
            <numerusform>Reloaded the export and compared predictions on %n validation row: max difference %1 — the export does NOT reproduce the run&apos;s predictions.</numerusform>
            <numerusform>Reloaded the export and compared predictions on %n validation rows: max difference %1 — the export does NOT reproduce the run&apos;s predictions.</numerusform>
        </translation>
    </message>
    <message>
        <source>the export stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the model of step %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export is still running; it cannot be stopped half-way. Close the dialog when it is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face folder (config.json, model.safetensors, tokenizer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the export and compare its predictions with the run&apos;s on validation rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best model (step %1, %2 %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best model (not known yet: the run has no summary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last checkpoint (step %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last checkpoint (none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a run to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run has no checkpoint yet: a run writes one at each evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked with Hone&apos;s own loader (the code behind hone-cli predict); Python&apos;s transformers loads the same files (tools/check_export.py compares the two). The folder&apos;s README.md is its model card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the GGUF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A GGUF export is one file: give the destination a name ending in .gguf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with the export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model.onnx passed the ONNX checker and strict shape inference (opset 17, dynamic batch and sequence). Hone has no ONNX runtime of its own: tools/check_onnx_export.py runs it in onnxruntime and compares the probabilities with hone-cli predict. The folder&apos;s README.md is its model card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was not verified (verification was off, or the run has no validation prompts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every weight reads back exactly as written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights read back differently from what was written (max %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its tokenizer gives the run&apos;s token ids.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its tokenizer gives OTHER token ids than the run&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read back by Hone&apos;s own loader as the base model with this adapter applied; peft loads the same folder (tools/check_llm_export.py compares them). The folder&apos;s README.md is its model card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read back by Hone&apos;s GGUF reader; llama.cpp and Ollama load the same file (tools/check_llm_export.py checks it with the gguf package).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read back by Hone&apos;s own loader (the code behind hone-cli chat); transformers loads the same folder (tools/check_llm_export.py compares them). The folder&apos;s README.md is its model card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared its logits on %n validation prompt(s): max difference %1 — the same model.</source>
        <translation>
            <numerusform>Reloaded the export and compared its logits on %n validation prompt: max difference %1 — the same model.</numerusform>
            <numerusform>Reloaded the export and compared its logits on %n validation prompts: max difference %1 — the same model.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared its logits on %n validation prompt(s): max difference %1 — the export does NOT reproduce the run&apos;s model.</source>
        <translation>
            <numerusform>Reloaded the export and compared its logits on %n validation prompt: max difference %1 — the export does NOT reproduce the run&apos;s model.</numerusform>
            <numerusform>Reloaded the export and compared its logits on %n validation prompts: max difference %1 — the export does NOT reproduce the run&apos;s model.</numerusform>
        </translation>
    </message>
    <message>
        <source>ONNX (model.onnx for onnxruntime, with config and tokenizer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEFT LoRA adapter (adapter_config.json, adapter_model.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp / Ollama, 16-bit (F16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp / Ollama, 8-bit (Q8_0, half the size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp / Ollama, bfloat16 (BF16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face folder (weights with LoRA merged, tokenizer, chat template)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the export and compare its logits with the run&apos;s model on validation prompts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::HyperparametersPage</name>
    <message>
        <source>Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One short epoch on short texts: see quickly whether the data and model work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three epochs with warm-up and weight decay: a good first real run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six epochs on longer texts, best model by macro F1, early stopping: the most accurate, and slowest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping needs evaluations: set &quot;Evaluate&quot; to every epoch or every N steps, or set the patience to 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;Keep the best model&quot; needs evaluations: set &quot;Evaluate&quot; to every epoch or every N steps, or untick it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the warm-up either as a share of the steps or as a number of steps, not both (set one to 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model reads at most %1 tokens; lower the max length to %1 or less.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model has %1 layers; it cannot freeze %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please change this setting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting tokens with the model&apos;s tokenizer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token lengths unknown: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No text is cut at %1 tokens (longest %2, median %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% of the texts are longer than %2 tokens and will be cut (median %3, 95% within %4, longest %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(Counted on a sample of %1 rows.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start from a preset and adjust what you need. Hover over a field to see what it does and its Hugging Face TrainingArguments name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills every field with a tested starting point. Changing a field turns the preset into Custom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not valid; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>above %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>below %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be %2 and %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unusually high for %1, where fine-tuning usually uses %2 to %3: the loss may jump or diverge, and the model end up predicting one class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unusually low for %1, where fine-tuning usually uses %2 to %3: the model will barely change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger than the %1 training texts: every step takes all of them, so an epoch is a single step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run has only %1 steps: the model is evaluated once, at the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hone-cli flag:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every N steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>micro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weighted F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss (lower is better)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balanced (rare classes count more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untick bfloat16: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>More processes than this computer&apos;s %n core(s): they take turns on the cores and every step waits for the slowest, so training gets slower.</source>
        <translation>
            <numerusform>More processes than this computer&apos;s %n core: they take turns on the core and every step waits for the slowest, so training gets slower.</numerusform>
            <numerusform>More processes than this computer&apos;s %n cores: they take turns on the cores and every step waits for the slowest, so training gets slower.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 processes of %2 threads each need %3 cores; this computer has %4. Set the threads to 0 to share the cores out among the processes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One short epoch with LoRA on samples of up to 256 tokens: see quickly whether the data and model work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three epochs with LoRA, warm-up and weight decay on samples of up to 512 tokens: a good first real run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six epochs with LoRA on samples of up to 1,024 tokens, early stopping on the validation loss: the most thorough, and slowest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the assistant&apos;s answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sample is cut at %1 tokens under the chat template (longest %2, median %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% of the samples are longer than %2 tokens under the chat template and will be cut (median %3, 95% within %4, longest %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usual: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::LanguageManager</name>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::MainWindow</name>
    <message>
        <source>Hone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the wizard: model, data, split, hyperparameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Run Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Duplicate as New Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Hone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Run Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Hone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a run folder, e.g. one trained with hone-cli elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected run&apos;s model as a Hugging Face folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the selected run&apos;s settings again as a new run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the training; it saves a checkpoint and can be resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue a stopped or interrupted run from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the wizard with the selected run&apos;s settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Curves, confusion matrix and per-class metrics of the selected run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the runs selected in the history (Ctrl+click to select several)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the selected run&apos;s model on your own texts or files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n training job(s) running</source>
        <translation>
            <numerusform>%n training job running</numerusform>
            <numerusform>%n training jobs running</numerusform>
        </translation>
    </message>
    <message>
        <source>Duplicate Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run&apos;s settings cannot be read:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Start Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The runs folder %1 cannot be created. Choose another one in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another training is running. Running two at once makes both slower. Start anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping… the run saves a checkpoint and can be resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run is being trained by hone-cli (process %1). Stop it? It saves a checkpoint and can be resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Hone run folder (it has no config.json or state.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hone in five steps&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Model&lt;/b&gt;: pick a pretrained model found on this computer or browse to a Hugging Face folder.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Data&lt;/b&gt;: open a CSV, TSV or JSONL file and choose the text and label columns.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Split&lt;/b&gt;: train/validation/test ratios, stratified and seeded.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Hyperparameters&lt;/b&gt;: start from a preset and adjust.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Train&lt;/b&gt;: watch loss, accuracy and the confusion matrix live; compare and export runs.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Every run is kept in the runs folder (Settings) and listed on the left, including runs trained with &lt;code&gt;hone-cli&lt;/code&gt;. Stop a run at any time: it saves a checkpoint, and Resume continues where it stopped.&lt;/p&gt;&lt;p&gt;Keyboard: Ctrl+N new run, Ctrl+O open a run folder, Ctrl+E export, Ctrl+R start again, Ctrl+. stop, Ctrl+Shift+R resume, Ctrl+D duplicate, Ctrl+F find a run, F9 run history.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training Is Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n training job(s) still running. Stop and quit? Each run saves a checkpoint first and can be resumed later.</source>
        <translation>
            <numerusform>A training job is still running. Stop and quit? The run saves a checkpoint first and can be resumed later.</numerusform>
            <numerusform>%n training jobs are still running. Stop and quit? Each run saves a checkpoint first and can be resumed later.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping the training and saving a checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Evaluate on a File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected run&apos;s model on another labelled file: accuracy, F1, confusion matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train More…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new run that starts from this run&apos;s trained model (more epochs, or new data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 more</source>
        <comment>run name of Train More</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train More</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stopped at step %2; Resume continues from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 finished.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::ModelListItemModel</name>
    <message>
        <source>Hugging Face cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hone&apos;s model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HONE_MODEL_PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Found in: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::ModelPage</name>
    <message>
        <source>Searching for models in the Hugging Face cache, Hone&apos;s model folder and HONE_MODEL_PATH…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) found.</source>
        <translation>
            <numerusform>%n model found.</numerusform>
            <numerusform>%n models found.</numerusform>
        </translation>
    </message>
    <message>
        <source>Searched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s) skipped</source>
        <translation>
            <numerusform>%n folder skipped</numerusform>
            <numerusform>%n folders skipped</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be used as a model: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Hugging Face Model Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a model in the list. Smaller models train faster; the default, all-MiniLM-L6-v2, trains in minutes on a laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 layers, %2 wide, %3 heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size on disk:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest input:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for models on this computer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pretrained model was found. Run scripts/setup.sh to install the default model (all-MiniLM-L6-v2), or click Browse… and choose a Hugging Face model folder (config.json, model.safetensors and tokenizer files).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No model matches &quot;%1&quot;. Clear the search box to see all %n model(s).</source>
        <translation>
            <numerusform>No model matches &quot;%1&quot;. Clear the search box to see all %n model.</numerusform>
            <numerusform>No model matches &quot;%1&quot;. Clear the search box to see all %n models.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a model in the list, or click Browse… to use a model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model folder cannot be read any more: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hone fine-tunes a pretrained encoder (BERT, RoBERTa, DistilBERT, ALBERT, XLM-R) on your labelled texts. These are the models found on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name, architecture or path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use any Hugging Face model folder (config.json, *.safetensors, tokenizer files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be used here: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a generative model (%1): text classification fine-tunes an encoder (BERT family)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an encoder (%1): instruction tuning and pre-training need a generative model (Llama, Qwen2, GPT-2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a GGUF File or a Model&apos;s config.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models (*.gguf config.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a chat model in the list. Smaller models train faster; the default, SmolLM2-135M-Instruct, learns from a few hundred examples in minutes with LoRA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No generative model was found. Run scripts/setup.sh to install the default chat model (SmolLM2-135M-Instruct), or click Browse… and choose a .gguf file or the config.json of a Llama, Qwen2 or GPT-2 model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the task and a pretrained model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hone instruction-tunes a chat model (Llama, Qwen2, GPT-2; Hugging Face folders and GGUF files) on your conversations. These are the generative models found on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hone continues the pre-training of a generative model (Llama, Qwen2, GPT-2; Hugging Face folders and GGUF files) on your plain text. These are the generative models found on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classify text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teach an encoder to put texts into classes (spam or not, sentiment, topic).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction-tune a chat model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teach a chat model to answer the way your conversations do (Alpaca, ShareGPT or messages data); the loss is on the assistant&apos;s answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue pre-training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let a generative model read more plain text of your domain (one sample per line, or {&quot;text&quot;: …} records).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a .gguf file, or a Hugging Face model folder (choose its config.json)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::NewRunWizard</name>
    <message>
        <source>Duplicate Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::OpenFolder</name>
    <message>
        <source>No file manager could be started. The folder is %1 (its path is on the clipboard).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::PlaygroundWidget</name>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ready: %n label(s) — %1</source>
        <translation>
            <numerusform>Ready: %n label — %1</numerusform>
            <numerusform>Ready: %n labels — %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Prediction failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the column that holds the texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped; %1 was not written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not predict the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n prediction(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n prediction to %1.</numerusform>
            <numerusform>Wrote %n predictions to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a run folder or a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to predict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts (*.csv *.tsv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the predictions to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a finished run or a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a finished run (its best model is used) or an exported model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or paste a text; the prediction updates when you pause (Ctrl+Enter predicts at once).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The predicted label and the probability of each class appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input (CSV, TSV or TXT):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output CSV:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text, label and one probability column per label</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::ReviewPage</name>
    <message>
        <source>Save Run Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run will be saved in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, %3 parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text: %1, label: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text: %1, second text: %2, label: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 training, %2 validation, %3 test rows; %n label(s)</source>
        <translation>
            <numerusform>%1 training, %2 validation, %3 test rows; %n label</numerusform>
            <numerusform>%1 training, %2 validation, %3 test rows; %n labels</numerusform>
        </translation>
    </message>
    <message>
        <source>, stratified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, seed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, at most %1 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, warm-up %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, weight decay %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every %1 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; best model by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>; early stopping after %n evaluation(s) without improvement</source>
        <translation>
            <numerusform>; early stopping after %n evaluation without improvement</numerusform>
            <numerusform>; early stopping after %n evaluations without improvement</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA r=%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bfloat16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frozen embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n frozen layer(s)</source>
        <translation>
            <numerusform>%n frozen layer</numerusform>
            <numerusform>%n frozen layers</numerusform>
        </translation>
    </message>
    <message>
        <source>balanced class weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label smoothing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs the same training from a terminal, without the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the run a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration is not complete: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the speed of an earlier run of this model on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from this computer&apos;s measured matrix speed (%1 GFLOP/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>measuring this computer&apos;s speed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from an assumed CPU speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradients and optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations (batch of %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program and data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory, about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 per epoch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 texts/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time, about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rough estimates (%1); the dashboard shows the real speed and time left once training runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review and start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the run, then press Start training. The same run can be started from a terminal with the command below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration (run.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Config…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n epoch</numerusform>
            <numerusform>%n epochs</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, learning rate %2, batch size %3, max length %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the command to the clipboard: paste it into a terminal to train this run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied run.json to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1. Train it with: %2 train --config %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) started by hone-cli, each with a batch of %1: %2 texts per step</source>
        <translation>
            <numerusform>%n process started by hone-cli, with a batch of %1: %2 texts per step</numerusform>
            <numerusform>%n processes started by hone-cli, each with a batch of %1: %2 texts per step</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Memory of %n process(es), about</source>
        <translation>
            <numerusform>Memory of %n process, about</numerusform>
            <numerusform>Memory of %n processes, about</numerusform>
        </translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>instruction-tune a chat model (sft)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>continue pre-training (pretrain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>classify text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 conversations, chat template: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 training, %2 validation, %3 test samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>packed samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss on every token</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n sample answer(s) at each evaluation</source>
        <translation>
            <numerusform>%n sample answer at each evaluation</numerusform>
            <numerusform>%n sample answers at each evaluation</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::RunHistoryWidget</name>
    <message>
        <source>Show in File Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Folder Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet. New runs are saved in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%n run in %1</numerusform>
            <numerusform>%n runs in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) shown</source>
        <translation>
            <numerusform>%1 of %n run shown</numerusform>
            <numerusform>%1 of %n runs shown</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh the list (runs started from hone-cli appear by themselves)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename, Tags and Notes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to Trash…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run is training. Stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the run “%1” to the trash?
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run folder cannot be moved to a trash here. Delete it permanently?
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run folder could not be deleted completely: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved “%1” to the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, tag, notes, model, dataset or state</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::RunListItemModel</name>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>micro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weighted F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running (%1%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>run date this year, QDate format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best validation %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(so far)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test accuracy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exact match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer F1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::RunNotesDialog</name>
    <message>
        <source>Run Name, Tags and Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. baseline, report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separate tags with commas; the run list&apos;s filter finds runs by tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What this run tried, what you noticed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notes cannot be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::SampleAnswersWidget</name>
    <message>
        <source>(empty answer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(only spaces and line breaks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test, step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model&apos;s answers to a few validation prompts appear here after each evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed since step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged since step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes since step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::SettingsDialog</name>
    <message>
        <source>Choose a folder for the runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The runs folder must be an absolute path (it starts with /).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Runs folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New runs are created here, and the run history lists this folder. hone-cli uses the same default (HONE_RUNS_DIR overrides it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads LibTorch uses for training and prediction. Fewer threads leave the computer responsive for other work.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::SplitPage</name>
    <message>
        <source>Validation File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shares add up to %1%; they must add up to 100%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training share must be above 0%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without a validation file, %1% of the training file is held out for validation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without a test file, the run has no test score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Splitting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows per class and split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows per class and split (%1 in all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No validation rows: the best model cannot be chosen and early stopping cannot work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These rows cannot be split this way: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split into training, validation and test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model learns from the training rows, is chosen on the validation rows and is scored once on the test rows it has never seen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split the file by &amp;ratios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use separate &amp;files for validation and test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stratify (keep the class proportions in every split)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each class is split by the same ratios, so a rare class appears in every split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed gives the same split and the same training order (seed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file without leaked rows cannot be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop Leaked Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separate files: save the validation and test files without the texts the training file (or validation file) already has, and use those. One file: remove its duplicates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples per split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples per split (%1 in all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No validation samples: the run reports no validation loss or sample answers, and the best model cannot be chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model learns from the training samples; the validation samples give the validation loss, the perplexity and the sample answers at each evaluation; the test samples are scored once at the end.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::TrainingJob</name>
    <message>
        <source>A file or folder could not be read or written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file is not in the expected format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hone does not support this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A setting is out of range or inconsistent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something needed was not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped by the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hone::ui::TrainingProgressWidget</name>
    <message>
        <source>Preparing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating on the validation split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating on the test split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after the current step; a checkpoint is written so the run can be resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue this run from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping… writing a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training in another process (hone-cli)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped by the user; it can be resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted (the process ended unexpectedly); it can be resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 samples/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2 steps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
