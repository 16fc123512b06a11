<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RunEstimate</name>
    <message>
        <source>under a minute</source>
        <translation>不到一分钟</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>约 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 days</source>
        <translation>约 %1 天</translation>
    </message>
    <message>
        <source>about %1 h</source>
        <translation>约 %1 小时</translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation>约 %1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>TrainingOptions</name>
    <message>
        <source>Run name:</source>
        <translation>运行名称：</translation>
    </message>
    <message>
        <source>Name of the run; the run folder&apos;s name ends with it.</source>
        <translation>运行的名称；运行文件夹的名称以它结尾。</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Pretrained model: a Hugging Face folder or the name of a discovered model.</source>
        <translation>预训练模型：Hugging Face 格式的文件夹，或已发现模型的名称。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Seed for the split, the new weights, the order of the texts and dropout: the same seed gives the same run.</source>
        <translation>用于数据划分、新权重初始化、文本顺序和 dropout 的随机种子：相同的种子得到相同的运行。</translation>
    </message>
    <message>
        <source>Data file:</source>
        <translation>数据文件：</translation>
    </message>
    <message>
        <source>One labelled file, split into training, validation and test by the split ratios.</source>
        <translation>一个带标签的文件，按划分比例分成训练集、验证集和测试集。</translation>
    </message>
    <message>
        <source>Training file:</source>
        <translation>训练文件：</translation>
    </message>
    <message>
        <source>Training file (instead of one file split by ratios).</source>
        <translation>训练文件（代替按比例划分的单个文件）。</translation>
    </message>
    <message>
        <source>Validation file:</source>
        <translation>验证文件：</translation>
    </message>
    <message>
        <source>Validation file; when empty, validation rows are carved from the training file.</source>
        <translation>验证文件；为空时从训练文件中划出验证行。</translation>
    </message>
    <message>
        <source>Test file:</source>
        <translation>测试文件：</translation>
    </message>
    <message>
        <source>Test file, evaluated once with the best model at the end.</source>
        <translation>测试文件，训练结束时用最佳模型评估一次。</translation>
    </message>
    <message>
        <source>Text column:</source>
        <translation>文本列：</translation>
    </message>
    <message>
        <source>Column with the text; empty detects it.</source>
        <translation>文本所在的列；为空时自动检测。</translation>
    </message>
    <message>
        <source>Second text column:</source>
        <translation>第二文本列：</translation>
    </message>
    <message>
        <source>Column with a second text, for sentence pairs.</source>
        <translation>第二段文本所在的列，用于句子对。</translation>
    </message>
    <message>
        <source>Label column:</source>
        <translation>标签列：</translation>
    </message>
    <message>
        <source>Column with the label; empty detects it.</source>
        <translation>标签所在的列；为空时自动检测。</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Character encoding of the data files: auto, utf-8, utf-16, gb18030, gbk, latin-1.</source>
        <translation>数据文件的字符编码：auto、utf-8、utf-16、gb18030、gbk、latin-1。</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>划分：</translation>
    </message>
    <message>
        <source>Shares of training, validation and test rows when one file is split, e.g. 0.8,0.1,0.1.</source>
        <translation>划分单个文件时训练、验证和测试行所占的比例，例如 0.8,0.1,0.1。</translation>
    </message>
    <message>
        <source>Stratify by label</source>
        <translation>按标签分层</translation>
    </message>
    <message>
        <source>Keep each label&apos;s share the same in every split.</source>
        <translation>让每个标签在各个划分中所占的比例相同。</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>How many times training goes through all training texts.</source>
        <translation>训练遍历全部训练文本的次数。</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Step size of the optimizer. Fine-tuning usually works between 1e-5 and 1e-4; too high and the loss jumps or diverges.</source>
        <translation>优化器的步长。微调通常在 1e-5 到 1e-4 之间效果较好；过高会导致损失跳动甚至发散。</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Texts per training step. Larger batches use more memory and give smoother updates.</source>
        <translation>每个训练步的文本数。批越大，占用内存越多，更新越平稳。</translation>
    </message>
    <message>
        <source>Max length (tokens):</source>
        <translation>最大长度（词元）：</translation>
    </message>
    <message>
        <source>Texts longer than this many tokens are cut. Longer limits cost memory and time (attention grows with the square of the length).</source>
        <translation>超过此词元数的文本会被截断。上限越长越耗内存和时间（注意力计算随长度的平方增长）。</translation>
    </message>
    <message>
        <source>Evaluate:</source>
        <translation>评估：</translation>
    </message>
    <message>
        <source>When to measure the model on the validation split.</source>
        <translation>何时在验证集上评估模型。</translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation>评估间隔：</translation>
    </message>
    <message>
        <source>With evaluation every N steps: the number of optimizer steps between evaluations.</source>
        <translation>选择“每 N 步”评估时：两次评估之间的优化器步数。</translation>
    </message>
    <message>
        <source>Best model by:</source>
        <translation>最佳模型依据：</translation>
    </message>
    <message>
        <source>The validation metric that decides which checkpoint is the best one (and drives early stopping).</source>
        <translation>用于决定哪个检查点最佳（并驱动早停）的验证指标。</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <source>The optimizer. AdamW (Adam with decoupled weight decay) is the standard for fine-tuning transformers.</source>
        <translation>优化器。AdamW（权重衰减解耦的 Adam）是微调 Transformer 的标准选择。</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <source>Shrinks the weights a little at every step, which regularises. 0.01 is common; biases and LayerNorm weights are not decayed.</source>
        <translation>每一步都将权重略微缩小，起正则化作用。常用 0.01；偏置和 LayerNorm 权重不做衰减。</translation>
    </message>
    <message>
        <source>Adam β1:</source>
        <translation>Adam β1：</translation>
    </message>
    <message>
        <source>Decay rate of Adam&apos;s running mean of the gradients.</source>
        <translation>Adam 梯度滑动平均的衰减率。</translation>
    </message>
    <message>
        <source>Adam β2:</source>
        <translation>Adam β2：</translation>
    </message>
    <message>
        <source>Decay rate of Adam&apos;s running mean of the squared gradients.</source>
        <translation>Adam 梯度平方滑动平均的衰减率。</translation>
    </message>
    <message>
        <source>Adam ε:</source>
        <translation>Adam ε：</translation>
    </message>
    <message>
        <source>Small constant that keeps the optimizer&apos;s division stable.</source>
        <translation>保证优化器除法数值稳定的小常数。</translation>
    </message>
    <message>
        <source>Momentum:</source>
        <translation>动量：</translation>
    </message>
    <message>
        <source>Momentum of SGD and RMSprop.</source>
        <translation>SGD 和 RMSprop 的动量。</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Use Nesterov&apos;s variant of momentum (SGD only).</source>
        <translation>使用 Nesterov 动量（仅限 SGD）。</translation>
    </message>
    <message>
        <source>Clip gradients at:</source>
        <translation>梯度裁剪阈值：</translation>
    </message>
    <message>
        <source>Gradients whose total norm exceeds this are scaled down, which prevents sudden jumps. 0 turns clipping off.</source>
        <translation>总范数超过此值的梯度会被缩小，以防止突变。设为 0 关闭裁剪。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Accumulate batches:</source>
        <translation>梯度累积批数：</translation>
    </message>
    <message>
        <source>Adds up the gradients of this many batches before each optimizer step: a larger effective batch without more memory.</source>
        <translation>每次优化前累积这么多批的梯度：在不增加内存的情况下获得更大的有效批大小。</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>调度：</translation>
    </message>
    <message>
        <source>How the learning rate changes over the run after the warm-up.</source>
        <translation>预热之后学习率在整个运行中的变化方式。</translation>
    </message>
    <message>
        <source>Warm-up share:</source>
        <translation>预热比例：</translation>
    </message>
    <message>
        <source>Share of all steps during which the learning rate rises from 0 to its value.</source>
        <translation>学习率从 0 升到设定值所占的总步数比例。</translation>
    </message>
    <message>
        <source>Warm-up steps:</source>
        <translation>预热步数：</translation>
    </message>
    <message>
        <source>Warm-up as a number of steps instead of a share.</source>
        <translation>以步数而非比例指定预热。</translation>
    </message>
    <message>
        <source>Stop after steps:</source>
        <translation>最多训练步数：</translation>
    </message>
    <message>
        <source>Stop after this many optimizer steps, whatever the number of epochs.</source>
        <translation>达到此优化步数后停止，不论轮数。</translation>
    </message>
    <message>
        <source>off (use epochs)</source>
        <translation>关闭（按轮数）</translation>
    </message>
    <message>
        <source>Evaluation batch size:</source>
        <translation>评估批大小：</translation>
    </message>
    <message>
        <source>Texts per batch when evaluating; no gradients are kept, so it can be larger.</source>
        <translation>评估时每批的文本数；评估不保留梯度，因此可以更大。</translation>
    </message>
    <message>
        <source>Log every:</source>
        <translation>记录间隔：</translation>
    </message>
    <message>
        <source>Steps between the points of the training loss curve.</source>
        <translation>训练损失曲线上相邻两点之间的步数。</translation>
    </message>
    <message>
        <source>Higher metric is better</source>
        <translation>指标越高越好</translation>
    </message>
    <message>
        <source>Whether a higher value of the chosen metric is better (off for loss). Follows the metric unless given.</source>
        <translation>所选指标是否越高越好（损失应关闭）。未指定时随指标而定。</translation>
    </message>
    <message>
        <source>Keep the best model (not the last)</source>
        <translation>保留最佳模型（而非最后一个）</translation>
    </message>
    <message>
        <source>At the end, keep the checkpoint with the best validation metric rather than the last one.</source>
        <translation>结束时保留验证指标最佳的检查点，而不是最后一个。</translation>
    </message>
    <message>
        <source>Early stopping patience:</source>
        <translation>早停耐心值：</translation>
    </message>
    <message>
        <source>Stop when the metric has not improved for this many evaluations. 0 turns early stopping off.</source>
        <translation>指标连续这么多次评估没有改进时停止。设为 0 关闭早停。</translation>
    </message>
    <message>
        <source>Early stopping threshold:</source>
        <translation>早停阈值：</translation>
    </message>
    <message>
        <source>How much the metric must improve to count as an improvement.</source>
        <translation>指标至少提高多少才算改进。</translation>
    </message>
    <message>
        <source>Checkpoints kept:</source>
        <translation>保留检查点数：</translation>
    </message>
    <message>
        <source>How many checkpoints are kept on disk; the best one is never deleted.</source>
        <translation>磁盘上保留的检查点数量；最佳检查点永远不会被删除。</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>标签平滑：</translation>
    </message>
    <message>
        <source>Softens the target labels (e.g. 0.1), which can help with noisy labels.</source>
        <translation>软化目标标签（如 0.1），有助于应对有噪声的标签。</translation>
    </message>
    <message>
        <source>Class weights:</source>
        <translation>类别权重：</translation>
    </message>
    <message>
        <source>Weights the loss so that rare classes count as much as frequent ones (useful with imbalanced data).</source>
        <translation>对损失加权，使稀有类别与常见类别同等重要（适用于不平衡数据）。</translation>
    </message>
    <message>
        <source>Freeze the embeddings</source>
        <translation>冻结嵌入层</translation>
    </message>
    <message>
        <source>Do not train the token embeddings: faster, less memory, sometimes more robust on small data.</source>
        <translation>不训练词元嵌入：更快、更省内存，在小数据上有时更稳健。</translation>
    </message>
    <message>
        <source>Freeze lowest layers:</source>
        <translation>冻结底部层数：</translation>
    </message>
    <message>
        <source>Do not train the lowest N encoder layers.</source>
        <translation>不训练编码器最底部的 N 层。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Train LoRA adapters</source>
        <translation>训练 LoRA 适配器</translation>
    </message>
    <message>
        <source>Low-rank adapters: train small extra matrices in the attention layers instead of all weights. Far less memory for the optimizer.</source>
        <translation>低秩适配器：只训练注意力层中额外的小矩阵，而不是全部权重。优化器所需内存少得多。</translation>
    </message>
    <message>
        <source>Rank (r):</source>
        <translation>秩 (r)：</translation>
    </message>
    <message>
        <source>Rank of the adapter matrices; higher adapts more and costs more.</source>
        <translation>适配器矩阵的秩；越高适应能力越强，开销也越大。</translation>
    </message>
    <message>
        <source>Alpha:</source>
        <translation>Alpha：</translation>
    </message>
    <message>
        <source>Scale of the adapters&apos; contribution (alpha / r).</source>
        <translation>适配器贡献的缩放系数（alpha / r）。</translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation>Dropout：</translation>
    </message>
    <message>
        <source>Dropout on the adapters&apos; input.</source>
        <translation>适配器输入上的 Dropout。</translation>
    </message>
    <message>
        <source>bfloat16 mixed precision (faster on CPUs with AVX-512 BF16)</source>
        <translation>bfloat16 混合精度（在支持 AVX-512 BF16 的 CPU 上更快）</translation>
    </message>
    <message>
        <source>Runs matrix products in bfloat16 with float32 weights (CPU autocast). On by default where the CPU has native bfloat16 (AVX-512 BF16 or AMX), where it trains about 1.6x faster at the same accuracy; without it, it is emulated and far slower.</source>
        <translation>以 bfloat16 计算矩阵乘法，权重保持 float32（CPU 自动混合精度）。在原生支持 bfloat16 的 CPU（AVX-512 BF16 或 AMX）上默认开启，训练快约 1.6 倍，准确率相同；不支持时为模拟计算，慢得多。</translation>
    </message>
    <message>
        <source>Group texts of similar length (less padding)</source>
        <translation>将长度相近的文本分为一组（减少填充）</translation>
    </message>
    <message>
        <source>Batches texts of similar length together, so less padding is computed.</source>
        <translation>把长度相近的文本放在同一批，减少填充计算。</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>CPU threads for this run; 0 uses all cores. The default comes from Settings.</source>
        <translation>此运行使用的 CPU 线程数；0 表示使用全部核心。默认值来自“设置”。</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Evaluation and checkpoints</source>
        <translation>评估与检查点</translation>
    </message>
    <message>
        <source>Regularisation and freezing</source>
        <translation>正则化与冻结</translation>
    </message>
    <message>
        <source>LoRA adapters (train far fewer weights)</source>
        <translation>LoRA 适配器（训练少得多的权重）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>What to train: classification (an encoder learns labels), sft (a chat model learns from instruction data) or pretrain (a decoder continues pre-training on plain text).</source>
        <translation>训练什么：classification（编码器学习标签）、sft（对话模型从指令数据学习）或 pretrain（解码器在纯文本上继续预训练）。</translation>
    </message>
    <message>
        <source>Chat template:</source>
        <translation>对话模板：</translation>
    </message>
    <message>
        <source>The template that turns conversations into text: empty uses the model&apos;s own; or a built-in one (chatml, llama3, gemma, alpaca) or a .jinja file.</source>
        <translation>把对话转换为文本的模板：留空使用模型自带的模板；也可选内置模板（chatml、llama3、gemma、alpaca）或一个 .jinja 文件。</translation>
    </message>
    <message>
        <source>Loss on:</source>
        <translation>计算损失的部分：</translation>
    </message>
    <message>
        <source>Instruction tuning: learn the assistant&apos;s answers only (usual), or every token of the conversation.</source>
        <translation>指令微调：只学习助手的回答（通常做法），或学习对话中的每个词元。</translation>
    </message>
    <message>
        <source>Pack short samples</source>
        <translation>打包短样本</translation>
    </message>
    <message>
        <source>Concatenates short training samples into rows of the maximum length: less padding, faster epochs.</source>
        <translation>把较短的训练样本拼接成最大长度的行：填充更少，每轮更快。</translation>
    </message>
    <message>
        <source>Sample answer length:</source>
        <translation>示例回答长度：</translation>
    </message>
    <message>
        <source>At each evaluation the model answers a few validation prompts; at most this many tokens each.</source>
        <translation>每次评估时模型回答几条验证提示；每条最多这么多个词元。</translation>
    </message>
    <message>
        <source>Sample prompts:</source>
        <translation>示例提示数：</translation>
    </message>
    <message>
        <source>How many validation prompts (the first ones) the model answers at each evaluation; 0 answers none.</source>
        <translation>每次评估时模型回答多少条验证提示（取最前面的几条）；0 表示不回答。</translation>
    </message>
    <message>
        <source>Language models (instruction tuning, pre-training)</source>
        <translation>语言模型（指令微调、预训练）</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>进程数：</translation>
    </message>
    <message>
        <source>Processes training on this machine, each on its share of every batch (data parallelism); the batch size is per process. 1 trains in one process. With few cores, one process per core often trains faster than one process using them as threads; more processes than cores is slower.</source>
        <translation>在本机上训练的进程数，每个进程训练每个批次中属于自己的一份（数据并行）；批大小按每个进程计。1 表示在一个进程中训练。核心较少时，每个核心一个进程往往比一个进程以多线程使用这些核心更快；进程数多于核心数则更慢。</translation>
    </message>
    <message>
        <source>Machines:</source>
        <translation>机器数：</translation>
    </message>
    <message>
        <source>Machines taking part; each runs the same command with its own node rank.</source>
        <translation>参与训练的机器数；每台机器以自己的节点序号运行同一条命令。</translation>
    </message>
    <message>
        <source>Machine index:</source>
        <translation>机器序号：</translation>
    </message>
    <message>
        <source>This machine&apos;s index, 0 to machines - 1; machine 0 serves the rendezvous and writes the run folder.</source>
        <translation>本机的序号，从 0 到机器数减 1；0 号机器提供会合服务并写入运行文件夹。</translation>
    </message>
    <message>
        <source>Rendezvous address:</source>
        <translation>会合地址：</translation>
    </message>
    <message>
        <source>Address of machine 0, which the other machines connect to.</source>
        <translation>0 号机器的地址，其他机器连接到它。</translation>
    </message>
    <message>
        <source>Rendezvous port:</source>
        <translation>会合端口：</translation>
    </message>
    <message>
        <source>TCP port of the rendezvous on machine 0; needed with several machines.</source>
        <translation>0 号机器上会合服务的 TCP 端口；多台机器时必须指定。</translation>
    </message>
    <message>
        <source>any free port (one machine only)</source>
        <translation>任一空闲端口（仅限单机）</translation>
    </message>
    <message>
        <source>Silent rank timeout (s):</source>
        <translation>无响应进程超时（秒）：</translation>
    </message>
    <message>
        <source>Seconds the processes wait for one that has gone silent before all stop with an error naming it.</source>
        <translation>各进程等待一个无响应进程的秒数，超时后全部停止，错误信息会指明是哪个进程。</translation>
    </message>
    <message>
        <source>Several processes or machines (data parallelism)</source>
        <translation>多进程或多机器（数据并行）</translation>
    </message>
    <message>
        <source>Target modules:</source>
        <translation>目标模块：</translation>
    </message>
    <message>
        <source>Comma-separated names of the projections that get adapters (PEFT&apos;s target_modules, e.g. q_proj,v_proj); empty: the model&apos;s usual ones (a decoder&apos;s attention and MLP projections, an encoder&apos;s every projection).</source>
        <translation>加适配器的投影层名称，用逗号分隔（即 PEFT 的 target_modules，例如 q_proj,v_proj）；留空：使用模型的常用层（解码器的注意力和 MLP 投影层，编码器的所有投影层）。</translation>
    </message>
</context>
<context>
    <name>hone::ui::AboutDialog</name>
    <message>
        <source>About Hone</source>
        <translation>关于 Hone</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Hone %1&lt;/h2&gt;&lt;p&gt;A workbench for fine-tuning pretrained language models.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Hone %1&lt;/h2&gt;&lt;p&gt;预训练语言模型微调工作台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation>Qt：</translation>
    </message>
    <message>
        <source>LibTorch:</source>
        <translation>LibTorch：</translation>
    </message>
    <message>
        <source>SentencePiece:</source>
        <translation>SentencePiece：</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>BLAS:</source>
        <translation>BLAS：</translation>
    </message>
    <message>
        <source>Compute threads:</source>
        <translation>计算线程：</translation>
    </message>
    <message>
        <source>CUDA:</source>
        <translation>CUDA：</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>not available (CPU only)</source>
        <translation>不可用（仅 CPU）</translation>
    </message>
</context>
<context>
    <name>hone::ui::ChatWidget</name>
    <message>
        <source>Loading %1…</source>
        <translation>正在载入 %1…</translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation>无法载入模型：%1</translation>
    </message>
    <message>
        <source>Ready: %1, chat template from %2 (loaded in %3 s).</source>
        <translation>就绪：%1，聊天模板来自 %2（载入用时 %3 秒）。</translation>
    </message>
    <message>
        <source>Ready: %1 has no chat template, so each message is continued as plain text (loaded in %2 s).</source>
        <translation>就绪：%1 没有聊天模板，因此每条消息按纯文本续写（载入用时 %2 秒）。</translation>
    </message>
    <message>
        <source>The base model %1 will answer beside the fine-tuned one.</source>
        <translation>基础模型 %1 将在微调模型旁边回答。</translation>
    </message>
    <message>
        <source>Could not load the base model: %1</source>
        <translation>无法载入基础模型：%1</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>生成失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) in %1 s (%2 tokens/s); ended by %3.</source>
        <translation>
            <numerusform>%n 个词元，用时 %1 秒（每秒 %2 个词元）；结束原因：%3。</numerusform>
        </translation>
    </message>
    <message>
        <source>the end of the answer</source>
        <translation>回答结束</translation>
    </message>
    <message>
        <source>a stop string</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <source>the limit of new tokens</source>
        <translation>达到新词元上限</translation>
    </message>
    <message>
        <source>the full context</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Type a message below and press Send (Ctrl+Enter). The conversation continues until New chat.</source>
        <translation>在下方输入消息并点击“发送”（Ctrl+Enter）。对话会一直延续，直到点击“新对话”。</translation>
    </message>
    <message>
        <source>Type the start of a text below and press Send (Ctrl+Enter); the model continues it.</source>
        <translation>在下方输入一段文本的开头并点击“发送”（Ctrl+Enter），模型会续写它。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Base model: %1</source>
        <translation>基础模型：%1</translation>
    </message>
    <message>
        <source>Message (Ctrl+Enter sends)</source>
        <translation>消息（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>最多新词元：</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>贪心解码</translation>
    </message>
    <message>
        <source>Always take the most likely token: the same message gives the same answer.</source>
        <translation>总是选概率最高的词元：同一消息得到同一回答。</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>&amp;Weights:</source>
        <translation>权重(&amp;W)：</translation>
    </message>
    <message>
        <source>Exact (f32)</source>
        <translation>精确 (f32)</translation>
    </message>
    <message>
        <source>Faster (bf16)</source>
        <translation>较快 (bf16)</translation>
    </message>
    <message>
        <source>Fastest (q8_0)</source>
        <translation>最快 (q8_0)</translation>
    </message>
    <message>
        <source>How new tokens read the model&apos;s weights: f32 exactly as loaded; bf16 or q8_0 copies move half or a quarter of the bytes per token, so answers come faster, with logits within rounding (a long answer can take another word).</source>
        <translation>新词元如何读取模型权重：f32 按载入时的原样；bf16 或 q8_0 副本每个词元只搬运一半或四分之一的字节，回答更快，logits 只差舍入误差（较长的回答可能换一个词）。</translation>
    </message>
    <message>
        <source>Compare with base model</source>
        <translation>与基础模型对比</translation>
    </message>
    <message>
        <source>Available for runs: the model the run started from answers beside it.</source>
        <translation>仅适用于训练运行：运行的起始模型在旁边回答。</translation>
    </message>
    <message>
        <source>%1 answers each message beside the fine-tuned model.</source>
        <translation>%1 在微调模型旁边回答每条消息。</translation>
    </message>
    <message>
        <source>Choose a language-model run, a model folder or a .gguf file to chat with.</source>
        <translation>选择一个语言模型运行、模型文件夹或 .gguf 文件进行对话。</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt:</source>
        <translation>系统提示词(&amp;Y)：</translation>
    </message>
    <message>
        <source>Optional: how the model should behave</source>
        <translation>可选：模型应如何表现</translation>
    </message>
    <message>
        <source>Sent as the conversation&apos;s system message (empty: the chat template&apos;s default). Changing it starts a new chat.</source>
        <translation>作为对话的系统消息发送（留空：使用对话模板的默认值）。修改后将开始新的对话。</translation>
    </message>
</context>
<context>
    <name>hone::ui::ClassMetricsTable</name>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Macro average</source>
        <translation>宏平均</translation>
    </message>
    <message>
        <source>Weighted average</source>
        <translation>加权平均</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>hone::ui::CompareWidget</name>
    <message>
        <source>Add a run folder to compare</source>
        <translation>添加要比较的运行文件夹</translation>
    </message>
    <message>
        <source>Tick two or more runs to compare them. The first one ticked is the baseline.</source>
        <translation>勾选两个或更多运行进行比较。第一个勾选的运行作为基准。</translation>
    </message>
    <message>
        <source>Some runs could not be read:</source>
        <translation>部分运行无法读取：</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Tick runs on the left to compare them.</source>
        <translation>在左侧勾选运行以进行比较。</translation>
    </message>
    <message>
        <source>These runs have no points for this curve.</source>
        <translation>这些运行没有此曲线的数据点。</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Validation macro F1</source>
        <translation>验证宏平均 F1</translation>
    </message>
    <message>
        <source>Validation weighted F1</source>
        <translation>验证加权 F1</translation>
    </message>
    <message>
        <source>Validation macro precision</source>
        <translation>验证宏平均精确率</translation>
    </message>
    <message>
        <source>Validation macro recall</source>
        <translation>验证宏平均召回率</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Test macro F1</source>
        <translation>测试宏平均 F1</translation>
    </message>
    <message>
        <source>Best step</source>
        <translation>最佳步数</translation>
    </message>
    <message>
        <source>Steps trained</source>
        <translation>已训练步数</translation>
    </message>
    <message>
        <source>Training time</source>
        <translation>训练时间</translation>
    </message>
    <message>
        <source>Samples per second</source>
        <translation>每秒样本数</translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation>%1（基准）</translation>
    </message>
    <message>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>Better than the baseline</source>
        <translation>优于基准</translation>
    </message>
    <message>
        <source>Worse than the baseline</source>
        <translation>差于基准</translation>
    </message>
    <message>
        <source>Tick two or more runs to see how their settings differ.</source>
        <translation>勾选两个或更多运行以查看其设置差异。</translation>
    </message>
    <message>
        <source>The configurations are identical.</source>
        <translation>配置完全相同。</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) differ; settings that are the same in every run are not shown.</source>
        <translation>
            <numerusform>有 %n 项设置不同；所有运行中都相同的设置不显示。</numerusform>
        </translation>
    </message>
    <message>
        <source>No evaluation in this run.</source>
        <translation>此运行没有评估结果。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Add run folder…</source>
        <translation>添加运行文件夹…</translation>
    </message>
    <message>
        <source>Curve:</source>
        <translation>曲线：</translation>
    </message>
    <message>
        <source>Training loss (smoothed)</source>
        <translation>训练损失（平滑）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Configuration differences</source>
        <translation>配置差异</translation>
    </message>
    <message>
        <source>Confusion matrices</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Normalised (share of each true label)</source>
        <translation>归一化（占各真实标签的比例）</translation>
    </message>
    <message>
        <source>%1 is not compared with %2: %3 has no readable split.json, so the rows it was tested on are unknown.</source>
        <translation>未将 %1 与 %2 比较：%3 没有可读取的 split.json，无法知道它在哪些行上测试。</translation>
    </message>
    <message>
        <source>%1 is not compared with %2: they split the same data differently (split seeds %3 and %4), so their test sets are not the same rows.</source>
        <translation>未将 %1 与 %2 比较：它们对同一数据的划分不同（划分种子 %3 和 %4），因此测试集不是相同的行。</translation>
    </message>
    <message>
        <source>%1 is not compared with %2: their label sets differ.</source>
        <translation>未将 %1 与 %2 比较：它们的标签集不同。</translation>
    </message>
    <message>
        <source>%1 is not compared with %2: %3 has no test predictions (no test split, or the run has not finished).</source>
        <translation>未将 %1 与 %2 比较：%3 没有测试集预测（没有测试集，或运行尚未完成）。</translation>
    </message>
    <message>
        <source>%1 is not compared with %2: %3</source>
        <translation>未将 %1 与 %2 比较：%3</translation>
    </message>
    <message>
        <source>95% CI [%1, %2]</source>
        <translation>95% 置信区间 [%1, %2]</translation>
    </message>
    <message>
        <source>%1 is better than %2: %3 points of accuracy, %4, %5.</source>
        <translation>%1 优于 %2：准确率 %3 个百分点，%4，%5。</translation>
    </message>
    <message>
        <source>%1 is worse than %2: %3 points of accuracy, %4, %5.</source>
        <translation>%1 不如 %2：准确率 %3 个百分点，%4，%5。</translation>
    </message>
    <message>
        <source>No clear difference between %1 and %2: %3 points of accuracy, %4 includes 0, %5.</source>
        <translation>%1 与 %2 之间没有明显差异：准确率 %3 个百分点，%4 包含 0，%5。</translation>
    </message>
    <message>
        <source>Macro-F1: %1 points, 95% CI [%2, %3].</source>
        <translation>宏平均 F1：%1 个百分点，95% 置信区间 [%2, %3]。</translation>
    </message>
    <message>
        <source>Tick two or more runs to compare them with statistics on their test rows.</source>
        <translation>勾选两个或更多运行，以在测试行上做统计比较。</translation>
    </message>
    <message>
        <source>Perfectly calibrated</source>
        <translation>完美校准</translation>
    </message>
    <message>
        <source>%1 (ECE %2)</source>
        <translation>%1（ECE %2）</translation>
    </message>
    <message>
        <source>Reliability on the test rows</source>
        <translation>测试行上的可靠性图</translation>
    </message>
    <message>
        <source>Confidence (top probability)</source>
        <translation>置信度（最高概率）</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>None of these runs has test predictions with probabilities.</source>
        <translation>这些运行都没有带概率的测试集预测。</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>%1 is not compared with %2: they were trained on different data (as many rows, other contents), so their test sets are not the same rows.</source>
        <translation>未将 %1 与 %2 比较：它们在不同的数据上训练（行数相同但内容不同），因此测试集不是相同的行。</translation>
    </message>
    <message>
        <source>%1 is not compared with %2: they were trained on different data (%3 rows against %4), so their test sets are not the same rows.</source>
        <translation>未将 %1 与 %2 比较：它们在不同的数据上训练（%3 行对 %4 行），因此测试集不是相同的行。</translation>
    </message>
    <message>
        <source>Test accuracy %1% for %2 and %3% for %4 on %5 rows. Rows only one run got right: %2 %6, %4 %7 (McNemar&apos;s exact test). Intervals from %8 bootstrap resamples.</source>
        <translation>在 %5 行测试数据上，%2 的准确率为 %1%，%4 为 %3%。只有一个运行答对的行数：%2 %6 行，%4 %7 行（McNemar 精确检验）。区间来自 %8 次自助重抽样。</translation>
    </message>
    <message>
        <source>Validation perplexity</source>
        <translation>验证困惑度</translation>
    </message>
    <message>
        <source>These runs cannot be compared: %1 fine-tuned a language model and %2 a text classifier, which share no metric or output. Tick runs of one kind.</source>
        <translation>这些运行无法比较：%1 微调的是语言模型，%2 是文本分类器，二者没有共同的指标或输出。请只勾选同一类运行。</translation>
    </message>
    <message>
        <source>These runs cannot be compared (see the note under the runs).</source>
        <translation>这些运行无法比较（见运行列表下方的说明）。</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Test perplexity</source>
        <translation>测试困惑度</translation>
    </message>
    <message>
        <source>Test %1</source>
        <translation>测试 %1</translation>
    </message>
    <message>
        <source>Validation %1</source>
        <translation>验证 %1</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>每秒词元数</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考答案</translation>
    </message>
    <message>
        <source>These runs have no sample answers yet: they are generated at each evaluation.</source>
        <translation>这些运行还没有示例回答：示例回答在每次评估时生成。</translation>
    </message>
    <message>
        <source>Each run&apos;s answers to the same validation prompts, at its best evaluation (the latest while it trains). A dash: the run did not answer that prompt (other data or fewer sample prompts).</source>
        <translation>各运行对相同验证提示的回答，取其最佳评估（训练中取最近一次）。短横线表示该运行没有回答这条提示（数据不同或示例提示较少）。</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>回答</translation>
    </message>
</context>
<context>
    <name>hone::ui::ConfusionHeatmap</name>
    <message>
        <source>Predicted label</source>
        <translation>预测标签</translation>
    </message>
    <message>
        <source>True label</source>
        <translation>真实标签</translation>
    </message>
    <message numerus="yes">
        <source>True: %1
Predicted: %2
%n row(s), %3% of the true label&apos;s rows</source>
        <translation>
            <numerusform>真实：%1
预测：%2
%n 行，占该真实标签行数的 %3%</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::ConfusionMatrixWidget</name>
    <message>
        <source>Click a cell to list its rows.</source>
        <translation>点击单元格以列出对应的行。</translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n row(s). The texts of this evaluation were not saved.</source>
        <translation>
            <numerusform>真实 %1，预测 %2：%n 行。此次评估的文本未保存。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted correctly: %n row(s).</source>
        <translation>
            <numerusform>真实 %1，预测正确：%n 行。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n row(s), most confident first.</source>
        <translation>
            <numerusform>真实 %1，预测 %2：%n 行，按置信度从高到低排列。</numerusform>
        </translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>P(%1)</source>
        <translation>P(%1)</translation>
    </message>
    <message>
        <source>(text not available)</source>
        <translation>（文本不可用）</translation>
    </message>
    <message>
        <source>Showing the first %1.</source>
        <translation>显示前 %1 行。</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Confusion matrix · %1</source>
        <translation>混淆矩阵 · %1</translation>
    </message>
    <message>
        <source>Normalised</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Show each cell as its share of the true label&apos;s rows</source>
        <translation>将每个单元格显示为其占真实标签行数的比例</translation>
    </message>
    <message>
        <source>The confusion matrix appears after the first evaluation.</source>
        <translation>首次评估后显示混淆矩阵。</translation>
    </message>
    <message>
        <source>P(predicted)</source>
        <translation>P(预测)</translation>
    </message>
    <message>
        <source>P(true)</source>
        <translation>P(真实)</translation>
    </message>
</context>
<context>
    <name>hone::ui::DashboardWidget</name>
    <message>
        <source>stopped early (no improvement)</source>
        <translation>已提前停止（没有改进）</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>best model, step %1</source>
        <translation>最佳模型，第 %1 步</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>Per-class metrics</source>
        <translation>各类别指标</translation>
    </message>
    <message>
        <source>Per-class metrics · %1</source>
        <translation>各类别指标 · %1</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Training (smoothed)</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <source>The loss appears after the first logged steps.</source>
        <translation>记录最初几步后显示损失曲线。</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>The accuracy appears after the first logged steps.</source>
        <translation>记录最初几步后显示准确率曲线。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The schedule appears after the first logged steps.</source>
        <translation>记录最初几步后显示学习率曲线。</translation>
    </message>
    <message>
        <source>Evaluation:</source>
        <translation>评估：</translation>
    </message>
    <message>
        <source>majority baseline %1</source>
        <translation>多数类基线 %1</translation>
    </message>
    <message>
        <source>The model predicts “%1” for every validation row; always answering “%2” would score %3. Try a lower learning rate, more epochs or balanced class weights.</source>
        <translation>模型对每一条验证数据都预测为“%1”；始终回答“%2”即可得到 %3。请尝试更低的学习率、更多轮次或平衡类别权重。</translation>
    </message>
    <message>
        <source>The model does no better on validation than always answering “%1” (majority baseline %2). Try a lower learning rate, more epochs or balanced class weights.</source>
        <translation>模型在验证集上并不比始终回答“%1”更好（多数类基线 %2）。请尝试更低的学习率、更多轮次或平衡类别权重。</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>The validation perplexity appears after the first evaluation.</source>
        <translation>验证困惑度在第一次评估后显示。</translation>
    </message>
</context>
<context>
    <name>hone::ui::DataPage</name>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>（请选择一列）</translation>
    </message>
    <message>
        <source>%1 (text)</source>
        <translation>%1（文本）</translation>
    </message>
    <message>
        <source>%1 (second text)</source>
        <translation>%1（第二段文本）</translation>
    </message>
    <message>
        <source>%1 (label)</source>
        <translation>%1（标签）</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message numerus="yes">
        <source>Preview: the first %n row(s)</source>
        <translation>
            <numerusform>预览：前 %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n label(s)</source>
        <translation>
            <numerusform>%n 个标签</numerusform>
        </translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>folder of text files per class</source>
        <translation>按类别分文件夹的文本文件</translation>
    </message>
    <message>
        <source>(separator %1)</source>
        <translation>（分隔符 %1）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln 行</numerusform>
        </translation>
    </message>
    <message>
        <source>sentence pairs</source>
        <translation>句子对</translation>
    </message>
    <message>
        <source>Choose a data file: a CSV, TSV or JSON Lines file with a header row, one text and one label per row (Browse…, or drop it on this page).</source>
        <translation>请选择数据文件：带表头的 CSV、TSV 或 JSON Lines 文件，每行一条文本和一个标签（点击“浏览…”，或将文件拖放到此页）。</translation>
    </message>
    <message>
        <source>This file cannot be read: %1</source>
        <translation>无法读取此文件：%1</translation>
    </message>
    <message>
        <source>Check the columns: %1</source>
        <translation>请检查列：%1</translation>
    </message>
    <message>
        <source>Open Data File</source>
        <translation>打开数据文件</translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)</source>
        <translation>数据文件 (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Load the labelled data</source>
        <translation>载入标注数据</translation>
    </message>
    <message>
        <source>One row per example: the text (optionally a second text, for sentence pairs) and its label.</source>
        <translation>每行一个样本：文本（句子对可加第二段文本）及其标签。</translation>
    </message>
    <message>
        <source>Path of a .csv, .tsv or .jsonl file</source>
        <translation>.csv、.tsv 或 .jsonl 文件的路径</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>You can also drop a file on this page. Recent files are in the list.</source>
        <translation>也可以把文件拖放到此页。最近使用的文件在下拉列表中。</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation>文本(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Second text:</source>
        <translation>第二段文本(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>How the file&apos;s bytes become text. Detection recognises UTF-8, UTF-16 and GB18030; choose Latin-1 or GBK for older exports.</source>
        <translation>文件字节如何解码为文本。自动检测可识别 UTF-8、UTF-16 和 GB18030；较旧的导出文件请选择 Latin-1 或 GBK。</translation>
    </message>
    <message>
        <source>The column with the text to classify.</source>
        <translation>包含待分类文本的列。</translation>
    </message>
    <message>
        <source>For sentence-pair tasks (paraphrase, entailment): the column with the second text.</source>
        <translation>用于句子对任务（复述、蕴含）：包含第二段文本的列。</translation>
    </message>
    <message>
        <source>The column with the class of each row.</source>
        <translation>包含每行类别的列。</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Save the Data Without Duplicates</source>
        <translation>保存去重后的数据</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Choose another file name: the original file is kept as it is.</source>
        <translation>请选择另一个文件名：原文件保持不变。</translation>
    </message>
    <message>
        <source>The file without duplicates cannot be written: %1</source>
        <translation>无法写入去重后的文件：%1</translation>
    </message>
    <message>
        <source>Remove Duplicates…</source>
        <translation>去除重复…</translation>
    </message>
    <message>
        <source>Save a copy of the data with every text once (the first row of each), and use it. Duplicates that land in different splits make the evaluation look better than it is.</source>
        <translation>保存一份每条文本只出现一次（保留第一行）的数据副本并使用它。落入不同划分的重复文本会让评估结果看起来比实际更好。</translation>
    </message>
    <message>
        <source>The model&apos;s own</source>
        <translation>模型自带的</translation>
    </message>
    <message>
        <source>Template file…</source>
        <translation>模板文件…</translation>
    </message>
    <message>
        <source>Open a Chat Template</source>
        <translation>打开对话模板</translation>
    </message>
    <message>
        <source>Jinja templates (*.jinja *.j2 *.txt);;All files (*)</source>
        <translation>Jinja 模板 (*.jinja *.j2 *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Tokens per conversation under the chat template: median %1, 95% within %2, longest %3.</source>
        <translation>按对话模板计算，每段对话的词元数：中位数 %1，95% 不超过 %2，最长 %3。</translation>
    </message>
    <message>
        <source>Tokens per sample: median %1, 95% within %2, longest %3.</source>
        <translation>每个样本的词元数：中位数 %1，95% 不超过 %2，最长 %3。</translation>
    </message>
    <message>
        <source>At the max length of %1 tokens (Hyperparameters page) no sample is cut.</source>
        <translation>按最大长度 %1 个词元（见“超参数”页），没有样本被截断。</translation>
    </message>
    <message>
        <source>At the max length of %1 tokens (Hyperparameters page) %2 of the samples (%3) are cut.</source>
        <translation>按最大长度 %1 个词元（见“超参数”页），%2 的样本（%3 个）会被截断。</translation>
    </message>
    <message numerus="yes">
        <source>%n of them keep no learned token and are left out.</source>
        <translation>
            <numerusform>其中 %n 个截断后没有可学习的词元，将被略去。</numerusform>
        </translation>
    </message>
    <message>
        <source>The model learns from %1 of the tokens: the assistant&apos;s answers.</source>
        <translation>模型从 %1 的词元中学习：即助手的回答。</translation>
    </message>
    <message>
        <source>(Measured on a sample of %1 conversations.)</source>
        <translation>（在抽取的 %1 段对话上测得。）</translation>
    </message>
    <message>
        <source>plain text</source>
        <translation>纯文本</translation>
    </message>
    <message numerus="yes">
        <source>%Ln sample(s)</source>
        <translation>
            <numerusform>%Ln 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conversation(s)</source>
        <translation>
            <numerusform>%Ln 段对话</numerusform>
        </translation>
    </message>
    <message>
        <source>template: %1</source>
        <translation>模板：%1</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message numerus="yes">
        <source>The first %n sample(s)</source>
        <translation>
            <numerusform>前 %n 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a data file: conversations in the Alpaca, ShareGPT or OpenAI messages format, as JSON or JSON Lines (Browse…, or drop it on this page).</source>
        <translation>请选择数据文件：Alpaca、ShareGPT 或 OpenAI messages 格式的对话，JSON 或 JSON Lines 文件（点击“浏览…”，或拖放到本页）。</translation>
    </message>
    <message>
        <source>Choose a data file: plain text with one sample per line (.txt), or JSON Lines records with a &quot;text&quot; field (Browse…, or drop it on this page).</source>
        <translation>请选择数据文件：每行一个样本的纯文本（.txt），或带 &quot;text&quot; 字段的 JSON Lines 记录（点击“浏览…”，或拖放到本页）。</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer cannot be loaded: %1</source>
        <translation>无法加载模型的分词器：%1</translation>
    </message>
    <message>
        <source>The model has no chat template of its own: choose one in the Chat template list (ChatML suits most chat models), or a template file.</source>
        <translation>该模型没有自带的对话模板：请在“对话模板”列表中选择一个（ChatML 适用于大多数对话模型），或选择模板文件。</translation>
    </message>
    <message>
        <source>The chat template cannot be used: %1</source>
        <translation>无法使用该对话模板：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) cannot be rendered with the chat template; fix them in the file or choose another template.</source>
        <translation>
            <numerusform>%n 个样本无法用该对话模板渲染；请在文件中修正，或选择其他模板。</numerusform>
        </translation>
    </message>
    <message>
        <source>Load the instruction data</source>
        <translation>加载指令数据</translation>
    </message>
    <message>
        <source>Conversations in the Alpaca, ShareGPT or OpenAI messages format, as JSON or JSON Lines. Each one is shown as the model reads it, rendered with the chat template.</source>
        <translation>Alpaca、ShareGPT 或 OpenAI messages 格式的对话，JSON 或 JSONL 文件；按对话模板渲染显示。</translation>
    </message>
    <message>
        <source>Path of a .json or .jsonl file</source>
        <translation>.json 或 .jsonl 文件的路径</translation>
    </message>
    <message>
        <source>Load the text</source>
        <translation>加载文本</translation>
    </message>
    <message>
        <source>Plain text with one sample per line (.txt), or JSON Lines records with a &quot;text&quot; field; conversations are rendered with the chat template.</source>
        <translation>每行一个样本的纯文本（.txt），或带 &quot;text&quot; 字段的 JSON Lines 记录；对话会按对话模板渲染。</translation>
    </message>
    <message>
        <source>Path of a .txt, .json or .jsonl file</source>
        <translation>.txt、.json 或 .jsonl 文件的路径</translation>
    </message>
    <message>
        <source>&amp;Chat template:</source>
        <translation>对话模板(&amp;C)：</translation>
    </message>
    <message>
        <source>The template that turns a conversation into the text the model reads. The model&apos;s own is what it was trained with; choose a built-in one for a model that has none.</source>
        <translation>把对话转换成模型所读文本的模板。模型自带的模板是它训练时使用的；对没有模板的模型，请选择一个内置模板。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background-color:#ffe082&apos;&gt;&amp;nbsp;Highlighted&amp;nbsp;&lt;/span&gt; tokens carry the loss: the model learns to write them. Struck-out text lies past the max length.</source>
        <translation>&lt;span style=&apos;background-color:#ffe082&apos;&gt;&amp;nbsp;高亮&amp;nbsp;&lt;/span&gt;的词元计入损失：模型学习写出它们。带删除线的文本超出了最大长度。</translation>
    </message>
    <message>
        <source>no model is chosen</source>
        <translation>尚未选择模型</translation>
    </message>
</context>
<context>
    <name>hone::ui::DatasetWarnings</name>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>blank text</source>
        <translation>文本为空</translation>
    </message>
    <message>
        <source>missing text</source>
        <translation>缺少文本</translation>
    </message>
    <message>
        <source>missing label</source>
        <translation>缺少标签</translation>
    </message>
    <message>
        <source>blank second text</source>
        <translation>第二段文本为空</translation>
    </message>
    <message>
        <source>First: %1.</source>
        <translation>第一处：%1。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) skipped (%1); they are not used.</source>
        <translation>
            <numerusform>跳过了 %Ln 行（%1），这些行不会被使用。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only one class: a classifier needs at least two labels.</source>
        <translation>只有一个类别：分类器至少需要两个标签。</translation>
    </message>
    <message>
        <source>Imbalanced classes: &quot;%1&quot; is only %2 of the rows. Accuracy alone will look good; watch macro F1, and consider balanced class weights.</source>
        <translation>类别不平衡：“%1”只占 %2 的行。仅看准确率会显得很好；请关注宏平均 F1，并考虑使用平衡的类别权重。</translation>
    </message>
    <message numerus="yes">
        <source>Class &quot;%1&quot; has only %n row(s): too few to learn or to evaluate.</source>
        <translation>
            <numerusform>类别“%1”只有 %n 行：太少，无法学习或评估。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) repeat the text of an earlier row (duplicates).</source>
        <translation>
            <numerusform>%Ln 行与前面某行的文本相同（重复）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln text(s) appear with different labels (%1 rows); the model cannot get them all right.</source>
        <translation>
            <numerusform>%Ln 条文本带有不同的标签（共 %1 行）；模型不可能全部预测正确。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 between %2 and %3</source>
        <translation>%2与%3之间 %1 条</translation>
    </message>
    <message>
        <source>Leakage: the same texts are in more than one split (%1). Evaluation will overestimate accuracy; remove the duplicates from the file.</source>
        <translation>数据泄漏：相同的文本出现在多个划分中（%1）。评估会高估准确率；请从文件中删除重复项。</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>及另外 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n classes have fewer than 10 rows (%1): too few to learn or to evaluate. Merge or drop them.</source>
        <translation>
            <numerusform>%n 个类别少于 10 行（%1）：太少，无法学习或评估。请合并或删除它们。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::EmptyStateWidget</name>
    <message>
        <source>Fine-tune a language model</source>
        <translation>微调语言模型</translation>
    </message>
    <message>
        <source>New run…</source>
        <translation>新建运行…</translation>
    </message>
    <message>
        <source>Open run folder…</source>
        <translation>打开运行文件夹…</translation>
    </message>
    <message>
        <source>No pretrained models found yet. Run scripts/setup.sh to install the default model, or browse to a Hugging Face model folder in the wizard.</source>
        <translation>尚未找到预训练模型。运行 scripts/setup.sh 安装默认模型，或在向导中浏览到 Hugging Face 模型文件夹。</translation>
    </message>
    <message numerus="yes">
        <source>%n pretrained model(s) ready to use.</source>
        <translation>
            <numerusform>%n 个预训练模型可用。</numerusform>
        </translation>
    </message>
    <message>
        <source>Pick a pretrained model (a text classifier or a chat model), load labelled texts or conversations, choose hyperparameters and watch the model learn. Every run is kept so you can compare it, talk to it and export it.</source>
        <translation>选择预训练模型（文本分类器或对话模型），载入标注文本或对话数据，设置超参数，然后实时观察模型的学习过程。每次运行都会保留，便于比较、对话和导出。</translation>
    </message>
</context>
<context>
    <name>hone::ui::EvaluateDialog</name>
    <message>
        <source>Evaluate on a File — %1</source>
        <translation>在文件上评估 — %1</translation>
    </message>
    <message>
        <source>A labelled .csv, .tsv or .jsonl file with the run&apos;s labels</source>
        <translation>带有该运行标签的已标注 .csv、.tsv 或 .jsonl 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>The run&apos;s model predicts every row of the file; the labels in the file are the truth.</source>
        <translation>该运行的模型会预测文件中的每一行；文件中的标签作为真实值。</translation>
    </message>
    <message>
        <source>Labelled Data to Evaluate On</source>
        <translation>用于评估的已标注数据</translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)</source>
        <translation>数据文件 (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1 and predicting every row…</source>
        <translation>正在读取 %1 并预测每一行…</translation>
    </message>
    <message>
        <source>Cannot evaluate: %1</source>
        <translation>无法评估：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s): accuracy %1, macro F1 %2, weighted F1 %3.</source>
        <translation>
            <numerusform>%n 行：准确率 %1，宏平均 F1 %2，加权 F1 %3。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::ExportDialog</name>
    <message>
        <source>Choose a run folder</source>
        <translation>选择运行文件夹</translation>
    </message>
    <message>
        <source>Choose the export folder</source>
        <translation>选择导出文件夹</translation>
    </message>
    <message>
        <source>Replace the folder?</source>
        <translation>替换该文件夹？</translation>
    </message>
    <message>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation>%1 已存在且不为空。要用导出结果替换其内容吗？</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>The export was not verified (no validation rows to compare, or verification was off).</source>
        <translation>导出结果未经验证（没有可比较的验证行，或已关闭验证）。</translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared predictions on %n validation row(s): max difference %1 — identical.</source>
        <translation>
            <numerusform>已重新载入导出结果，并在 %n 条验证行上比较预测：最大差异 %1 —— 完全一致。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared predictions on %n validation row(s): max difference %1 — the same predictions up to floating-point rounding.</source>
        <translation>
            <numerusform>已重新载入导出结果，并在 %n 条验证行上比较预测：最大差异 %1 —— 除浮点舍入外预测相同。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared predictions on %n validation row(s): max difference %1 — the export does NOT reproduce the run&apos;s predictions.</source>
        <translation>
            <numerusform>已重新载入导出结果，并在 %n 条验证行上比较预测：最大差异 %1 —— 导出结果无法复现该运行的预测。</numerusform>
        </translation>
    </message>
    <message>
        <source>the export stopped</source>
        <translation>导出已停止</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Exported the model of step %1 to %2.</source>
        <translation>已将第 %1 步的模型导出到 %2。</translation>
    </message>
    <message>
        <source>The export is still running; it cannot be stopped half-way. Close the dialog when it is done.</source>
        <translation>导出仍在进行，无法中途停止。完成后再关闭此对话框。</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Destination:</source>
        <translation>目标位置：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Hugging Face folder (config.json, model.safetensors, tokenizer)</source>
        <translation>Hugging Face 文件夹（config.json、model.safetensors、分词器）</translation>
    </message>
    <message>
        <source>Reload the export and compare its predictions with the run&apos;s on validation rows</source>
        <translation>重新载入导出结果，并在验证行上与该运行的预测进行比较</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Best model (step %1, %2 %3)</source>
        <translation>最佳模型（第 %1 步，%2 %3）</translation>
    </message>
    <message>
        <source>Best model (not known yet: the run has no summary)</source>
        <translation>最佳模型（尚不可知：该运行还没有汇总）</translation>
    </message>
    <message>
        <source>Last checkpoint (step %1)</source>
        <translation>最后一个检查点（第 %1 步）</translation>
    </message>
    <message>
        <source>Last checkpoint (none yet)</source>
        <translation>最后一个检查点（暂无）</translation>
    </message>
    <message>
        <source>Choose a run to export.</source>
        <translation>请选择要导出的运行。</translation>
    </message>
    <message>
        <source>This run has no checkpoint yet: a run writes one at each evaluation.</source>
        <translation>此运行还没有检查点：每次评估时都会写入一个。</translation>
    </message>
    <message>
        <source>Checked with Hone&apos;s own loader (the code behind hone-cli predict); Python&apos;s transformers loads the same files (tools/check_export.py compares the two). The folder&apos;s README.md is its model card.</source>
        <translation>使用 Hone 自己的加载器（即 hone-cli predict 所用的代码）检查；Python 的 transformers 可加载相同的文件（tools/check_export.py 对两者进行比较）。文件夹中的 README.md 是其模型卡。</translation>
    </message>
    <message>
        <source>Choose the GGUF file</source>
        <translation>选择 GGUF 文件</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF 文件 (*.gguf)</translation>
    </message>
    <message>
        <source>A GGUF export is one file: give the destination a name ending in .gguf.</source>
        <translation>GGUF 导出是单个文件：请让目标名称以 .gguf 结尾。</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>替换该文件？</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with the export?</source>
        <translation>%1 已存在。要用导出结果替换它吗？</translation>
    </message>
    <message>
        <source>model.onnx passed the ONNX checker and strict shape inference (opset 17, dynamic batch and sequence). Hone has no ONNX runtime of its own: tools/check_onnx_export.py runs it in onnxruntime and compares the probabilities with hone-cli predict. The folder&apos;s README.md is its model card.</source>
        <translation>model.onnx 已通过 ONNX 检查器和严格形状推断（opset 17，批大小和序列长度可变）。Hone 本身没有 ONNX 运行时：tools/check_onnx_export.py 会在 onnxruntime 中运行它，并将概率与 hone-cli predict 比较。文件夹中的 README.md 是模型卡。</translation>
    </message>
    <message>
        <source>The export was not verified (verification was off, or the run has no validation prompts).</source>
        <translation>导出未经验证（验证已关闭，或该运行没有验证提示）。</translation>
    </message>
    <message>
        <source>Every weight reads back exactly as written.</source>
        <translation>每个权重读回后都与写入时完全一致。</translation>
    </message>
    <message>
        <source>Weights read back differently from what was written (max %1).</source>
        <translation>读回的权重与写入的不同（最大差 %1）。</translation>
    </message>
    <message>
        <source>Its tokenizer gives the run&apos;s token ids.</source>
        <translation>其分词器给出与该运行相同的词元 ID。</translation>
    </message>
    <message>
        <source>Its tokenizer gives OTHER token ids than the run&apos;s.</source>
        <translation>其分词器给出的词元 ID 与该运行的不同。</translation>
    </message>
    <message>
        <source>Read back by Hone&apos;s own loader as the base model with this adapter applied; peft loads the same folder (tools/check_llm_export.py compares them). The folder&apos;s README.md is its model card.</source>
        <translation>由 Hone 自己的加载器读回（基础模型加上此适配器）；peft 可加载同一文件夹（tools/check_llm_export.py 会比较两者）。文件夹中的 README.md 是模型卡。</translation>
    </message>
    <message>
        <source>Read back by Hone&apos;s GGUF reader; llama.cpp and Ollama load the same file (tools/check_llm_export.py checks it with the gguf package).</source>
        <translation>由 Hone 的 GGUF 读取器读回；llama.cpp 和 Ollama 可加载同一文件（tools/check_llm_export.py 会用 gguf 包检查它）。</translation>
    </message>
    <message>
        <source>Read back by Hone&apos;s own loader (the code behind hone-cli chat); transformers loads the same folder (tools/check_llm_export.py compares them). The folder&apos;s README.md is its model card.</source>
        <translation>由 Hone 自己的加载器（hone-cli chat 背后的代码）读回；transformers 可加载同一文件夹（tools/check_llm_export.py 会比较两者）。文件夹中的 README.md 是模型卡。</translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared its logits on %n validation prompt(s): max difference %1 — the same model.</source>
        <translation>
            <numerusform>重新加载导出结果，并在 %n 个验证提示上比较其 logits：最大差 %1 —— 是同一个模型。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded the export and compared its logits on %n validation prompt(s): max difference %1 — the export does NOT reproduce the run&apos;s model.</source>
        <translation>
            <numerusform>重新加载导出结果，并在 %n 个验证提示上比较其 logits：最大差 %1 —— 导出结果无法复现该运行的模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>ONNX (model.onnx for onnxruntime, with config and tokenizer)</source>
        <translation>ONNX（供 onnxruntime 使用的 model.onnx，附配置和分词器）</translation>
    </message>
    <message>
        <source>PEFT LoRA adapter (adapter_config.json, adapter_model.safetensors)</source>
        <translation>PEFT LoRA 适配器（adapter_config.json、adapter_model.safetensors）</translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp / Ollama, 16-bit (F16)</source>
        <translation>供 llama.cpp / Ollama 使用的 GGUF 文件，16 位（F16）</translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp / Ollama, 8-bit (Q8_0, half the size)</source>
        <translation>供 llama.cpp / Ollama 使用的 GGUF 文件，8 位（Q8_0，体积减半）</translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp / Ollama, bfloat16 (BF16)</source>
        <translation>供 llama.cpp / Ollama 使用的 GGUF 文件，bfloat16（BF16）</translation>
    </message>
    <message>
        <source>Hugging Face folder (weights with LoRA merged, tokenizer, chat template)</source>
        <translation>Hugging Face 文件夹（已合并 LoRA 的权重、分词器、对话模板）</translation>
    </message>
    <message>
        <source>Reload the export and compare its logits with the run&apos;s model on validation prompts</source>
        <translation>重新加载导出结果，并在验证提示上将其 logits 与该运行的模型比较</translation>
    </message>
</context>
<context>
    <name>hone::ui::HyperparametersPage</name>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>One short epoch on short texts: see quickly whether the data and model work.</source>
        <translation>在短文本上训练一轮：快速检验数据和模型是否可用。</translation>
    </message>
    <message>
        <source>Three epochs with warm-up and weight decay: a good first real run.</source>
        <translation>三轮训练，带预热和权重衰减：适合作为第一次正式运行。</translation>
    </message>
    <message>
        <source>Six epochs on longer texts, best model by macro F1, early stopping: the most accurate, and slowest.</source>
        <translation>在较长文本上训练六轮，按宏平均 F1 选最佳模型并启用早停：最准确，也最慢。</translation>
    </message>
    <message>
        <source>Your own settings.</source>
        <translation>自定义设置。</translation>
    </message>
    <message>
        <source>Early stopping needs evaluations: set &quot;Evaluate&quot; to every epoch or every N steps, or set the patience to 0.</source>
        <translation>早停需要评估：请将“评估”设为每轮或每 N 步，或将耐心值设为 0。</translation>
    </message>
    <message>
        <source>&quot;Keep the best model&quot; needs evaluations: set &quot;Evaluate&quot; to every epoch or every N steps, or untick it.</source>
        <translation>“保留最佳模型”需要评估：请将“评估”设为每轮或每 N 步，或取消勾选。</translation>
    </message>
    <message>
        <source>Give the warm-up either as a share of the steps or as a number of steps, not both (set one to 0).</source>
        <translation>预热请用步数比例或步数二者之一指定，不能同时指定（将其中一个设为 0）。</translation>
    </message>
    <message>
        <source>This model reads at most %1 tokens; lower the max length to %1 or less.</source>
        <translation>此模型最多读取 %1 个词元；请将最大长度降到 %1 或以下。</translation>
    </message>
    <message>
        <source>The model has %1 layers; it cannot freeze %2.</source>
        <translation>该模型只有 %1 层，无法冻结 %2 层。</translation>
    </message>
    <message>
        <source>Please change this setting: %1</source>
        <translation>请修改此设置：%1</translation>
    </message>
    <message>
        <source>Counting tokens with the model&apos;s tokenizer…</source>
        <translation>正在用模型的分词器统计词元数…</translation>
    </message>
    <message>
        <source>Token lengths unknown: %1</source>
        <translation>词元长度未知：%1</translation>
    </message>
    <message>
        <source>No text is cut at %1 tokens (longest %2, median %3).</source>
        <translation>长度为 %1 个词元时没有文本被截断（最长 %2，中位数 %3）。</translation>
    </message>
    <message>
        <source>%1% of the texts are longer than %2 tokens and will be cut (median %3, 95% within %4, longest %5).</source>
        <translation>%1% 的文本超过 %2 个词元，将被截断（中位数 %3，95% 不超过 %4，最长 %5）。</translation>
    </message>
    <message>
        <source>(Counted on a sample of %1 rows.)</source>
        <translation>（基于 %1 行的抽样统计。）</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Start from a preset and adjust what you need. Hover over a field to see what it does and its Hugging Face TrainingArguments name.</source>
        <translation>从预设开始按需调整；悬停可查看说明及 Hugging Face 参数名。</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>高级设置</translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation>充分</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Fills every field with a tested starting point. Changing a field turns the preset into Custom.</source>
        <translation>用经过检验的初始值填充所有字段。修改任一字段后预设变为“自定义”。</translation>
    </message>
    <message>
        <source>Hugging Face name:</source>
        <translation>Hugging Face 名称：</translation>
    </message>
    <message>
        <source>%1: not valid; %2</source>
        <translation>%1：无效；%2</translation>
    </message>
    <message>
        <source>above %1</source>
        <translation>大于 %1</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>至少为 %1</translation>
    </message>
    <message>
        <source>below %1</source>
        <translation>小于 %1</translation>
    </message>
    <message>
        <source>at most %1</source>
        <translation>至多为 %1</translation>
    </message>
    <message>
        <source>%1 must be %2 and %3.</source>
        <translation>%1必须%2，且%3。</translation>
    </message>
    <message>
        <source>%1 is not valid.</source>
        <translation>%1无效。</translation>
    </message>
    <message>
        <source>Unusually high for %1, where fine-tuning usually uses %2 to %3: the loss may jump or diverge, and the model end up predicting one class.</source>
        <translation>对 %1 而言异常偏高（微调通常使用 %2 到 %3）：损失可能跳动或发散，模型最终可能只预测一个类别。</translation>
    </message>
    <message>
        <source>Unusually low for %1, where fine-tuning usually uses %2 to %3: the model will barely change.</source>
        <translation>对 %1 而言异常偏低（微调通常使用 %2 到 %3）：模型几乎不会改变。</translation>
    </message>
    <message>
        <source>Larger than the %1 training texts: every step takes all of them, so an epoch is a single step.</source>
        <translation>大于训练文本数（%1 条）：每一步都会用上全部文本，因此一轮只有一步。</translation>
    </message>
    <message>
        <source>The run has only %1 steps: the model is evaluated once, at the end.</source>
        <translation>这次运行只有 %1 步：模型只会在结束时评估一次。</translation>
    </message>
    <message>
        <source>Allowed:</source>
        <translation>允许范围：</translation>
    </message>
    <message>
        <source>hone-cli flag:</source>
        <translation>hone-cli 参数：</translation>
    </message>
    <message>
        <source>every epoch</source>
        <translation>每轮</translation>
    </message>
    <message>
        <source>every N steps</source>
        <translation>每 N 步</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>micro F1</source>
        <translation>微平均 F1</translation>
    </message>
    <message>
        <source>weighted F1</source>
        <translation>加权 F1</translation>
    </message>
    <message>
        <source>macro precision</source>
        <translation>宏平均精确率</translation>
    </message>
    <message>
        <source>macro recall</source>
        <translation>宏平均召回率</translation>
    </message>
    <message>
        <source>validation loss (lower is better)</source>
        <translation>验证损失（越低越好）</translation>
    </message>
    <message>
        <source>linear decay</source>
        <translation>线性衰减</translation>
    </message>
    <message>
        <source>cosine decay</source>
        <translation>余弦衰减</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>balanced (rare classes count more)</source>
        <translation>平衡（稀有类别权重更大）</translation>
    </message>
    <message>
        <source>Untick bfloat16: %1.</source>
        <translation>请取消勾选 bfloat16：%1。</translation>
    </message>
    <message numerus="yes">
        <source>More processes than this computer&apos;s %n core(s): they take turns on the cores and every step waits for the slowest, so training gets slower.</source>
        <translation>
            <numerusform>进程数多于这台计算机的核心数（%n 个）：进程轮流占用核心，且每一步都要等最慢的进程，训练反而变慢。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 processes of %2 threads each need %3 cores; this computer has %4. Set the threads to 0 to share the cores out among the processes.</source>
        <translation>%1 个进程、每个 %2 个线程，共需 %3 个核心；这台计算机只有 %4 个。把线程数设为 0，即可在各进程之间分配核心。</translation>
    </message>
    <message>
        <source>One short epoch with LoRA on samples of up to 256 tokens: see quickly whether the data and model work.</source>
        <translation>用 LoRA 在最长 256 个词元的样本上训练一个短轮次：快速检验数据和模型是否可行。</translation>
    </message>
    <message>
        <source>Three epochs with LoRA, warm-up and weight decay on samples of up to 512 tokens: a good first real run.</source>
        <translation>用 LoRA 在最长 512 个词元的样本上训练三轮，带预热和权重衰减：适合第一次正式运行。</translation>
    </message>
    <message>
        <source>Six epochs with LoRA on samples of up to 1,024 tokens, early stopping on the validation loss: the most thorough, and slowest.</source>
        <translation>用 LoRA 在最长 1,024 个词元的样本上训练六轮，按验证损失提前停止：最充分，也最慢。</translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation>困惑度（越低越好）</translation>
    </message>
    <message>
        <source>the assistant&apos;s answers</source>
        <translation>助手的回答</translation>
    </message>
    <message>
        <source>every token</source>
        <translation>所有词元</translation>
    </message>
    <message>
        <source>No sample is cut at %1 tokens under the chat template (longest %2, median %3).</source>
        <translation>按对话模板计算，长度为 %1 个词元时没有样本被截断（最长 %2，中位数 %3）。</translation>
    </message>
    <message>
        <source>%1% of the samples are longer than %2 tokens under the chat template and will be cut (median %3, 95% within %4, longest %5).</source>
        <translation>按对话模板计算，%1% 的样本超过 %2 个词元，将被截断（中位数 %3，95% 不超过 %4，最长 %5）。</translation>
    </message>
    <message>
        <source>usual: %1</source>
        <translation>默认：%1</translation>
    </message>
</context>
<context>
    <name>hone::ui::LanguageManager</name>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>hone::ui::MainWindow</name>
    <message>
        <source>Hone</source>
        <translation>Hone</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;New Run…</source>
        <translation>新建运行(&amp;N)…</translation>
    </message>
    <message>
        <source>Start the wizard: model, data, split, hyperparameters</source>
        <translation>启动向导：模型、数据、划分、超参数</translation>
    </message>
    <message>
        <source>&amp;Open Run Folder…</source>
        <translation>打开运行文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Duplicate as New Run…</source>
        <translation>复制为新运行(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;About Hone</source>
        <translation>关于 Hone(&amp;A)</translation>
    </message>
    <message>
        <source>Open Run Folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>User Guide</source>
        <translation>用户指南</translation>
    </message>
    <message>
        <source>%1 — Hone</source>
        <translation>%1 — Hone</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Show a run folder, e.g. one trained with hone-cli elsewhere</source>
        <translation>显示一个运行文件夹，例如在别处用 hone-cli 训练的运行</translation>
    </message>
    <message>
        <source>Save the selected run&apos;s model as a Hugging Face folder</source>
        <translation>将所选运行的模型保存为 Hugging Face 文件夹</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Start Again</source>
        <translation>重新开始(&amp;S)</translation>
    </message>
    <message>
        <source>Train the selected run&apos;s settings again as a new run</source>
        <translation>用所选运行的设置重新训练一个新运行</translation>
    </message>
    <message>
        <source>Stop the training; it saves a checkpoint and can be resumed</source>
        <translation>停止训练；会保存检查点，之后可以继续</translation>
    </message>
    <message>
        <source>Continue a stopped or interrupted run from its last checkpoint</source>
        <translation>从最后一个检查点继续已停止或中断的运行</translation>
    </message>
    <message>
        <source>Open the wizard with the selected run&apos;s settings</source>
        <translation>用所选运行的设置打开向导</translation>
    </message>
    <message>
        <source>Run &amp;History</source>
        <translation>运行记录(&amp;H)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>仪表板(&amp;D)</translation>
    </message>
    <message>
        <source>Curves, confusion matrix and per-class metrics of the selected run</source>
        <translation>所选运行的曲线、混淆矩阵和各类别指标</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>比较(&amp;C)</translation>
    </message>
    <message>
        <source>Compare the runs selected in the history (Ctrl+click to select several)</source>
        <translation>比较在运行记录中选中的运行（按住 Ctrl 点击可多选）</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>试用(&amp;P)</translation>
    </message>
    <message>
        <source>Try the selected run&apos;s model on your own texts or files</source>
        <translation>用自己的文本或文件试用所选运行的模型</translation>
    </message>
    <message>
        <source>&amp;Find Run</source>
        <translation>查找运行(&amp;F)</translation>
    </message>
    <message numerus="yes">
        <source>%n training job(s) running</source>
        <translation>
            <numerusform>%n 个训练任务正在运行</numerusform>
        </translation>
    </message>
    <message>
        <source>Duplicate Run</source>
        <translation>复制运行</translation>
    </message>
    <message>
        <source>The run&apos;s settings cannot be read:
%1</source>
        <translation>无法读取该运行的设置：
%1</translation>
    </message>
    <message>
        <source>Cannot Start Training</source>
        <translation>无法开始训练</translation>
    </message>
    <message>
        <source>The runs folder %1 cannot be created. Choose another one in Settings.</source>
        <translation>无法创建运行文件夹 %1。请在“设置”中另选一个。</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Another training is running. Running two at once makes both slower. Start anyway?</source>
        <translation>另一个训练正在运行。同时运行两个会使两者都变慢。仍要开始吗？</translation>
    </message>
    <message>
        <source>Training started: %1</source>
        <translation>训练已开始：%1</translation>
    </message>
    <message>
        <source>Start Again</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Stopping… the run saves a checkpoint and can be resumed.</source>
        <translation>正在停止…该运行会保存检查点，之后可以继续。</translation>
    </message>
    <message>
        <source>Stop Run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <source>This run is being trained by hone-cli (process %1). Stop it? It saves a checkpoint and can be resumed.</source>
        <translation>此运行正由 hone-cli（进程 %1）训练。要停止吗？它会保存检查点，之后可以继续。</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>正在继续 %1</translation>
    </message>
    <message>
        <source>%1 is not a Hone run folder (it has no config.json or state.json).</source>
        <translation>%1 不是 Hone 运行文件夹（没有 config.json 或 state.json）。</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hone in five steps&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Model&lt;/b&gt;: pick a pretrained model found on this computer or browse to a Hugging Face folder.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Data&lt;/b&gt;: open a CSV, TSV or JSONL file and choose the text and label columns.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Split&lt;/b&gt;: train/validation/test ratios, stratified and seeded.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Hyperparameters&lt;/b&gt;: start from a preset and adjust.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Train&lt;/b&gt;: watch loss, accuracy and the confusion matrix live; compare and export runs.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Every run is kept in the runs folder (Settings) and listed on the left, including runs trained with &lt;code&gt;hone-cli&lt;/code&gt;. Stop a run at any time: it saves a checkpoint, and Resume continues where it stopped.&lt;/p&gt;&lt;p&gt;Keyboard: Ctrl+N new run, Ctrl+O open a run folder, Ctrl+E export, Ctrl+R start again, Ctrl+. stop, Ctrl+Shift+R resume, Ctrl+D duplicate, Ctrl+F find a run, F9 run history.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;五步上手 Hone&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;模型&lt;/b&gt;：选择本机找到的预训练模型，或浏览到 Hugging Face 模型文件夹。&lt;/li&gt;&lt;li&gt;&lt;b&gt;数据&lt;/b&gt;：打开 CSV、TSV 或 JSONL 文件，选择文本列和标签列。&lt;/li&gt;&lt;li&gt;&lt;b&gt;划分&lt;/b&gt;：设置训练/验证/测试比例，分层抽样并固定随机种子。&lt;/li&gt;&lt;li&gt;&lt;b&gt;超参数&lt;/b&gt;：从预设开始按需调整。&lt;/li&gt;&lt;li&gt;&lt;b&gt;训练&lt;/b&gt;：实时观察损失、准确率和混淆矩阵；比较并导出运行。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;每次运行都保存在运行文件夹中（见“设置”），并列在左侧，包括用 &lt;code&gt;hone-cli&lt;/code&gt; 训练的运行。可以随时停止运行：它会保存检查点，“继续”会从停止处接着训练。&lt;/p&gt;&lt;p&gt;快捷键：Ctrl+N 新建运行，Ctrl+O 打开运行文件夹，Ctrl+E 导出，Ctrl+R 重新开始，Ctrl+. 停止，Ctrl+Shift+R 继续，Ctrl+D 复制，Ctrl+F 查找运行，F9 运行记录。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Training Is Running</source>
        <translation>训练正在进行</translation>
    </message>
    <message numerus="yes">
        <source>%n training job(s) still running. Stop and quit? Each run saves a checkpoint first and can be resumed later.</source>
        <translation>
            <numerusform>仍有 %n 个训练任务在运行。要停止并退出吗？每个运行都会先保存检查点，之后可以继续。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping the training and saving a checkpoint…</source>
        <translation>正在停止训练并保存检查点…</translation>
    </message>
    <message>
        <source>&amp;Evaluate on a File…</source>
        <translation>在文件上评估(&amp;E)…</translation>
    </message>
    <message>
        <source>The selected run&apos;s model on another labelled file: accuracy, F1, confusion matrix</source>
        <translation>用所选运行的模型评估另一个已标注文件：准确率、F1、混淆矩阵</translation>
    </message>
    <message>
        <source>&amp;Train More…</source>
        <translation>继续训练(&amp;T)…</translation>
    </message>
    <message>
        <source>A new run that starts from this run&apos;s trained model (more epochs, or new data)</source>
        <translation>从该运行训练好的模型开始的新运行（更多轮次或新数据）</translation>
    </message>
    <message>
        <source>%1 more</source>
        <comment>run name of Train More</comment>
        <translation>%1 继续</translation>
    </message>
    <message>
        <source>Train More</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>%1 stopped at step %2; Resume continues from there.</source>
        <translation>%1 已在第 %2 步停止；“继续”将从那里接着训练。</translation>
    </message>
    <message>
        <source>%1 finished.</source>
        <translation>%1 已完成。</translation>
    </message>
</context>
<context>
    <name>hone::ui::ModelListItemModel</name>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <source>Hone&apos;s model folder</source>
        <translation>Hone 模型文件夹</translation>
    </message>
    <message>
        <source>HONE_MODEL_PATH</source>
        <translation>HONE_MODEL_PATH</translation>
    </message>
    <message>
        <source>Chosen folder</source>
        <translation>手动选择的文件夹</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>%1 K</source>
        <translation>%1 K</translation>
    </message>
    <message>
        <source>%1
Found in: %2</source>
        <translation>%1
来源：%2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
</context>
<context>
    <name>hone::ui::ModelPage</name>
    <message>
        <source>Searching for models in the Hugging Face cache, Hone&apos;s model folder and HONE_MODEL_PATH…</source>
        <translation>正在 Hugging Face 缓存、Hone 模型文件夹和 HONE_MODEL_PATH 中查找模型…</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) found.</source>
        <translation>
            <numerusform>找到 %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Searched: %1</source>
        <translation>已搜索：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s) skipped</source>
        <translation>
            <numerusform>跳过了 %n 个文件夹</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be used as a model: %2</source>
        <translation>%1 不能用作模型：%2</translation>
    </message>
    <message>
        <source>Choose a Hugging Face Model Folder</source>
        <translation>选择 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>No model selected</source>
        <translation>未选择模型</translation>
    </message>
    <message>
        <source>Pick a model in the list. Smaller models train faster; the default, all-MiniLM-L6-v2, trains in minutes on a laptop.</source>
        <translation>请在列表中选择一个模型。模型越小训练越快；默认模型 all-MiniLM-L6-v2 在笔记本电脑上几分钟即可训练完成。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 layers, %2 wide, %3 heads</source>
        <translation>%1 层，宽 %2，%3 个注意力头</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数量：</translation>
    </message>
    <message>
        <source>Shape:</source>
        <translation>结构：</translation>
    </message>
    <message>
        <source>Size on disk:</source>
        <translation>磁盘占用：</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>词表：</translation>
    </message>
    <message>
        <source>Longest input:</source>
        <translation>最长输入：</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>Found in:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Looking for models on this computer…</source>
        <translation>正在本机查找模型…</translation>
    </message>
    <message>
        <source>No pretrained model was found. Run scripts/setup.sh to install the default model (all-MiniLM-L6-v2), or click Browse… and choose a Hugging Face model folder (config.json, model.safetensors and tokenizer files).</source>
        <translation>没有找到预训练模型。运行 scripts/setup.sh 安装默认模型（all-MiniLM-L6-v2），或点击“浏览…”选择 Hugging Face 模型文件夹（含 config.json、model.safetensors 和分词器文件）。</translation>
    </message>
    <message numerus="yes">
        <source>No model matches &quot;%1&quot;. Clear the search box to see all %n model(s).</source>
        <translation>
            <numerusform>没有与“%1”匹配的模型。清空搜索框可查看全部 %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a model in the list, or click Browse… to use a model folder.</source>
        <translation>请在列表中选择一个模型，或点击“浏览…”使用某个模型文件夹。</translation>
    </message>
    <message>
        <source>The model folder cannot be read any more: %1</source>
        <translation>无法再读取该模型文件夹：%1</translation>
    </message>
    <message>
        <source>Hone fine-tunes a pretrained encoder (BERT, RoBERTa, DistilBERT, ALBERT, XLM-R) on your labelled texts. These are the models found on this computer.</source>
        <translation>在你的标注文本上微调预训练编码器（BERT、RoBERTa 等）。以下是本机找到的模型。</translation>
    </message>
    <message>
        <source>Search by name, architecture or path</source>
        <translation>按名称、架构或路径搜索</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Use any Hugging Face model folder (config.json, *.safetensors, tokenizer files)</source>
        <translation>使用任意 Hugging Face 模型文件夹（含 config.json、*.safetensors 和分词器文件）</translation>
    </message>
    <message>
        <source>Search Again</source>
        <translation>重新搜索</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Why it was skipped</source>
        <translation>跳过原因</translation>
    </message>
    <message>
        <source>%1 cannot be used here: %2</source>
        <translation>%1 不能在这里使用：%2</translation>
    </message>
    <message>
        <source>a generative model (%1): text classification fine-tunes an encoder (BERT family)</source>
        <translation>生成式模型（%1）：文本分类微调的是编码器（BERT 系列）</translation>
    </message>
    <message>
        <source>an encoder (%1): instruction tuning and pre-training need a generative model (Llama, Qwen2, GPT-2)</source>
        <translation>编码器（%1）：指令微调和继续预训练需要生成式模型（Llama、Qwen2、GPT-2）</translation>
    </message>
    <message>
        <source>Choose a GGUF File or a Model&apos;s config.json</source>
        <translation>选择 GGUF 文件或模型的 config.json</translation>
    </message>
    <message>
        <source>Models (*.gguf config.json);;All files (*)</source>
        <translation>模型 (*.gguf config.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Pick a chat model in the list. Smaller models train faster; the default, SmolLM2-135M-Instruct, learns from a few hundred examples in minutes with LoRA.</source>
        <translation>在列表中选择一个对话模型。模型越小训练越快；默认的 SmolLM2-135M-Instruct 用 LoRA 几分钟就能从几百个样例中学会。</translation>
    </message>
    <message>
        <source>No generative model was found. Run scripts/setup.sh to install the default chat model (SmolLM2-135M-Instruct), or click Browse… and choose a .gguf file or the config.json of a Llama, Qwen2 or GPT-2 model folder.</source>
        <translation>未找到生成式模型。请运行 scripts/setup.sh 安装默认对话模型（SmolLM2-135M-Instruct），或点击“浏览…”选择一个 .gguf 文件，或 Llama、Qwen2、GPT-2 模型文件夹中的 config.json。</translation>
    </message>
    <message>
        <source>Choose the task and a pretrained model</source>
        <translation>选择任务和预训练模型</translation>
    </message>
    <message>
        <source>Hone instruction-tunes a chat model (Llama, Qwen2, GPT-2; Hugging Face folders and GGUF files) on your conversations. These are the generative models found on this computer.</source>
        <translation>下面是本机找到的、可指令微调的对话模型（Llama、Qwen2、GPT-2；文件夹或 GGUF 文件）。</translation>
    </message>
    <message>
        <source>Hone continues the pre-training of a generative model (Llama, Qwen2, GPT-2; Hugging Face folders and GGUF files) on your plain text. These are the generative models found on this computer.</source>
        <translation>下面是本机找到的、可继续预训练的生成式模型（Llama、Qwen2、GPT-2；文件夹或 GGUF 文件）。</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Classify text</source>
        <translation>文本分类</translation>
    </message>
    <message>
        <source>Teach an encoder to put texts into classes (spam or not, sentiment, topic).</source>
        <translation>训练编码器把文本分到各个类别（是否垃圾信息、情感、主题）。</translation>
    </message>
    <message>
        <source>Instruction-tune a chat model</source>
        <translation>指令微调对话模型</translation>
    </message>
    <message>
        <source>Teach a chat model to answer the way your conversations do (Alpaca, ShareGPT or messages data); the loss is on the assistant&apos;s answers.</source>
        <translation>让对话模型学会像您的对话那样回答（Alpaca、ShareGPT 或 messages 数据）；损失只计算助手的回答。</translation>
    </message>
    <message>
        <source>Continue pre-training</source>
        <translation>继续预训练</translation>
    </message>
    <message>
        <source>Let a generative model read more plain text of your domain (one sample per line, or {&quot;text&quot;: …} records).</source>
        <translation>让生成式模型阅读更多您所在领域的纯文本（每行一个样本，或 {&quot;text&quot;: …} 记录）。</translation>
    </message>
    <message>
        <source>Use a .gguf file, or a Hugging Face model folder (choose its config.json)</source>
        <translation>使用 .gguf 文件，或 Hugging Face 模型文件夹（选择其中的 config.json）</translation>
    </message>
</context>
<context>
    <name>hone::ui::NewRunWizard</name>
    <message>
        <source>Duplicate Run</source>
        <translation>复制运行</translation>
    </message>
    <message>
        <source>New Run</source>
        <translation>新建运行</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>检查</translation>
    </message>
</context>
<context>
    <name>hone::ui::OpenFolder</name>
    <message>
        <source>No file manager could be started. The folder is %1 (its path is on the clipboard).</source>
        <translation>无法启动文件管理器。文件夹位于 %1（路径已复制到剪贴板）。</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>hone::ui::PlaygroundWidget</name>
    <message>
        <source>Loading %1…</source>
        <translation>正在载入 %1…</translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation>无法载入模型：%1</translation>
    </message>
    <message numerus="yes">
        <source>Ready: %n label(s) — %1</source>
        <translation>
            <numerusform>就绪：%n 个标签 — %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Prediction failed: %1</source>
        <translation>预测失败：%1</translation>
    </message>
    <message>
        <source>Choose the column that holds the texts.</source>
        <translation>请选择包含文本的列。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Stopped; %1 was not written.</source>
        <translation>已停止；未写入 %1。</translation>
    </message>
    <message>
        <source>Could not predict the file: %1</source>
        <translation>无法预测该文件：%1</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n prediction(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 条预测写入 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a run folder or a model folder</source>
        <translation>选择运行文件夹或模型文件夹</translation>
    </message>
    <message>
        <source>Choose a file to predict</source>
        <translation>选择要预测的文件</translation>
    </message>
    <message>
        <source>Texts (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>文本 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Write the predictions to</source>
        <translation>将预测写入</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Choose a finished run or a model folder</source>
        <translation>选择已完成的运行或模型文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Pick a finished run (its best model is used) or an exported model folder.</source>
        <translation>选择一个已完成的运行（使用其最佳模型）或一个导出的模型文件夹。</translation>
    </message>
    <message>
        <source>Type or paste a text; the prediction updates when you pause (Ctrl+Enter predicts at once).</source>
        <translation>输入或粘贴文本；停顿时预测会自动更新（Ctrl+Enter 立即预测）。</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>The predicted label and the probability of each class appear here.</source>
        <translation>预测的标签和各类别的概率会显示在这里。</translation>
    </message>
    <message>
        <source>Predict a file</source>
        <translation>预测文件</translation>
    </message>
    <message>
        <source>Input (CSV, TSV or TXT):</source>
        <translation>输入（CSV、TSV 或 TXT）：</translation>
    </message>
    <message>
        <source>Text column:</source>
        <translation>文本列：</translation>
    </message>
    <message>
        <source>Output CSV:</source>
        <translation>输出 CSV：</translation>
    </message>
    <message>
        <source>Predict file</source>
        <translation>预测文件</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>text, label and one probability column per label</source>
        <translation>文本、标签以及每个标签一列概率</translation>
    </message>
</context>
<context>
    <name>hone::ui::ReviewPage</name>
    <message>
        <source>Save Run Configuration</source>
        <translation>保存运行配置</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The run will be saved in %1</source>
        <translation>运行将保存在 %1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>%1 (%2, %3 parameters)</source>
        <translation>%1（%2，%3 参数）</translation>
    </message>
    <message>
        <source>text: %1, label: %2</source>
        <translation>文本：%1，标签：%2</translation>
    </message>
    <message>
        <source>text: %1, second text: %2, label: %3</source>
        <translation>文本：%1，第二段文本：%2，标签：%3</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message numerus="yes">
        <source>%1 training, %2 validation, %3 test rows; %n label(s)</source>
        <translation>
            <numerusform>训练 %1 行，验证 %2 行，测试 %3 行；%n 个标签</numerusform>
        </translation>
    </message>
    <message>
        <source>, stratified</source>
        <translation>，分层</translation>
    </message>
    <message>
        <source>, seed %1</source>
        <translation>，种子 %1</translation>
    </message>
    <message>
        <source>, at most %1 steps</source>
        <translation>，最多 %1 步</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>%1, %2 schedule</source>
        <translation>%1，%2 调度</translation>
    </message>
    <message>
        <source>, warm-up %1%</source>
        <translation>，预热 %1%</translation>
    </message>
    <message>
        <source>, weight decay %1</source>
        <translation>，权重衰减 %1</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>every %1 steps</source>
        <translation>每 %1 步</translation>
    </message>
    <message>
        <source>every epoch</source>
        <translation>每轮</translation>
    </message>
    <message>
        <source>; best model by %1</source>
        <translation>；按%1选择最佳模型</translation>
    </message>
    <message numerus="yes">
        <source>; early stopping after %n evaluation(s) without improvement</source>
        <translation>
            <numerusform>；连续 %n 次评估无改进则早停</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>LoRA r=%1</source>
        <translation>LoRA r=%1</translation>
    </message>
    <message>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <source>frozen embeddings</source>
        <translation>冻结嵌入层</translation>
    </message>
    <message numerus="yes">
        <source>%n frozen layer(s)</source>
        <translation>
            <numerusform>冻结 %n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>balanced class weights</source>
        <translation>平衡类别权重</translation>
    </message>
    <message>
        <source>label smoothing %1</source>
        <translation>标签平滑 %1</translation>
    </message>
    <message>
        <source>Also</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Runs the same training from a terminal, without the window.</source>
        <translation>在终端中运行同样的训练，无需图形界面。</translation>
    </message>
    <message>
        <source>Give the run a name.</source>
        <translation>请为运行命名。</translation>
    </message>
    <message>
        <source>The configuration is not complete: %1</source>
        <translation>配置不完整：%1</translation>
    </message>
    <message>
        <source>from the speed of an earlier run of this model on this computer</source>
        <translation>依据本机之前运行此模型的速度</translation>
    </message>
    <message>
        <source>from this computer&apos;s measured matrix speed (%1 GFLOP/s)</source>
        <translation>依据本机实测的矩阵运算速度（%1 GFLOP/s）</translation>
    </message>
    <message>
        <source>measuring this computer&apos;s speed…</source>
        <translation>正在测量本机速度…</translation>
    </message>
    <message>
        <source>from an assumed CPU speed</source>
        <translation>依据假定的 CPU 速度</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Gradients and optimizer</source>
        <translation>梯度和优化器</translation>
    </message>
    <message>
        <source>Activations (batch of %1)</source>
        <translation>激活值（批大小 %1）</translation>
    </message>
    <message>
        <source>Program and data</source>
        <translation>程序和数据</translation>
    </message>
    <message>
        <source>Memory, about</source>
        <translation>内存，约</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>%1 (%2 per epoch)</source>
        <translation>%1（每轮 %2）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>%1 texts/s</source>
        <translation>%1 条文本/秒</translation>
    </message>
    <message>
        <source>Time, about</source>
        <translation>时间，约</translation>
    </message>
    <message>
        <source>Rough estimates (%1); the dashboard shows the real speed and time left once training runs.</source>
        <translation>粗略估计（%1）；训练开始后，仪表板会显示实际速度和剩余时间。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Review and start</source>
        <translation>检查并开始</translation>
    </message>
    <message>
        <source>Check the run, then press Start training. The same run can be started from a terminal with the command below.</source>
        <translation>检查设置后点击“开始训练”；也可在终端用下方命令运行。</translation>
    </message>
    <message>
        <source>Run &amp;name:</source>
        <translation>运行名称(&amp;N)：</translation>
    </message>
    <message>
        <source>The run</source>
        <translation>运行概要</translation>
    </message>
    <message>
        <source>Estimated resources</source>
        <translation>资源估算</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>Configuration (run.json)</source>
        <translation>配置 (run.json)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save Config…</source>
        <translation>保存配置…</translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n 轮</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 epochs</source>
        <translation>%1 轮</translation>
    </message>
    <message>
        <source>%1, learning rate %2, batch size %3, max length %4</source>
        <translation>%1，学习率 %2，批大小 %3，最大长度 %4</translation>
    </message>
    <message>
        <source>Copied the command to the clipboard: paste it into a terminal to train this run.</source>
        <translation>已将命令复制到剪贴板：粘贴到终端即可训练这次运行。</translation>
    </message>
    <message>
        <source>Copied run.json to the clipboard.</source>
        <translation>已将 run.json 复制到剪贴板。</translation>
    </message>
    <message>
        <source>Saved %1. Train it with: %2 train --config %3</source>
        <translation>已保存 %1。可用以下命令训练：%2 train --config %3</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) started by hone-cli, each with a batch of %1: %2 texts per step</source>
        <translation>
            <numerusform>由 hone-cli 启动的 %n 个进程，每个的批大小为 %1：每步 %2 条文本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Memory of %n process(es), about</source>
        <translation>
            <numerusform>%n 个进程的内存，约</numerusform>
        </translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>instruction-tune a chat model (sft)</source>
        <translation>指令微调对话模型（sft）</translation>
    </message>
    <message>
        <source>continue pre-training (pretrain)</source>
        <translation>继续预训练（pretrain）</translation>
    </message>
    <message>
        <source>classify text</source>
        <translation>文本分类</translation>
    </message>
    <message>
        <source>plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>%1 conversations, chat template: %2</source>
        <translation>%1 格式的对话，对话模板：%2</translation>
    </message>
    <message>
        <source>%1 training, %2 validation, %3 test samples</source>
        <translation>训练样本 %1 个，验证样本 %2 个，测试样本 %3 个</translation>
    </message>
    <message>
        <source>packed samples</source>
        <translation>样本打包</translation>
    </message>
    <message>
        <source>loss on every token</source>
        <translation>损失计算所有词元</translation>
    </message>
    <message numerus="yes">
        <source>%n sample answer(s) at each evaluation</source>
        <translation>
            <numerusform>每次评估生成 %n 个示例回答</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hone::ui::RunHistoryWidget</name>
    <message>
        <source>Show in File Manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Copy Folder Path</source>
        <translation>复制文件夹路径</translation>
    </message>
    <message>
        <source>No runs yet. New runs are saved in %1</source>
        <translation>还没有运行。新的运行将保存在 %1</translation>
    </message>
    <message>
        <source>No runs yet in %1</source>
        <translation>%1 中还没有运行</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%1 中有 %n 个运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) shown</source>
        <translation>
            <numerusform>显示 %1 / %n 个运行</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh the list (runs started from hone-cli appear by themselves)</source>
        <translation>刷新列表（从 hone-cli 启动的运行会自动出现）</translation>
    </message>
    <message>
        <source>Rename, Tags and Notes…</source>
        <translation>重命名、标签和备注…</translation>
    </message>
    <message>
        <source>Move to Trash…</source>
        <translation>移到回收站…</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>The run is training. Stop it first.</source>
        <translation>该运行正在训练。请先停止它。</translation>
    </message>
    <message>
        <source>Move the run “%1” to the trash?
%2</source>
        <translation>将运行“%1”移到回收站？
%2</translation>
    </message>
    <message>
        <source>The run folder cannot be moved to a trash here. Delete it permanently?
%1</source>
        <translation>此处无法将运行文件夹移到回收站。要永久删除吗？
%1</translation>
    </message>
    <message>
        <source>The run folder could not be deleted completely: %1</source>
        <translation>无法完全删除运行文件夹：%1</translation>
    </message>
    <message>
        <source>Moved “%1” to the trash.</source>
        <translation>已将“%1”移到回收站。</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <source>Filter by name, tag, notes, model, dataset or state</source>
        <translation>按名称、标签、备注、模型、数据集或状态筛选</translation>
    </message>
</context>
<context>
    <name>hone::ui::RunListItemModel</name>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>micro F1</source>
        <translation>微平均 F1</translation>
    </message>
    <message>
        <source>weighted F1</source>
        <translation>加权 F1</translation>
    </message>
    <message>
        <source>macro precision</source>
        <translation>宏平均精确率</translation>
    </message>
    <message>
        <source>macro recall</source>
        <translation>宏平均召回率</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Running (%1%)</source>
        <translation>运行中（%1%）</translation>
    </message>
    <message>
        <source>%1 at %2%</source>
        <translation>%1（%2%）</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>run date this year, QDate format</comment>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Best validation %1: %2</source>
        <translation>最佳验证%1：%2</translation>
    </message>
    <message>
        <source>(so far)</source>
        <translation>（目前）</translation>
    </message>
    <message>
        <source>Test accuracy: %1</source>
        <translation>测试准确率：%1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>exact match</source>
        <translation>精确匹配</translation>
    </message>
    <message>
        <source>answer F1</source>
        <translation>答案 F1</translation>
    </message>
</context>
<context>
    <name>hone::ui::RunNotesDialog</name>
    <message>
        <source>Run Name, Tags and Notes</source>
        <translation>运行名称、标签和备注</translation>
    </message>
    <message>
        <source>e.g. baseline, report</source>
        <translation>例如：baseline, report</translation>
    </message>
    <message>
        <source>Separate tags with commas; the run list&apos;s filter finds runs by tag</source>
        <translation>用逗号分隔标签；运行列表的筛选框可按标签查找运行</translation>
    </message>
    <message>
        <source>What this run tried, what you noticed…</source>
        <translation>这次运行尝试了什么，你注意到了什么…</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>标签(&amp;T)：</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>The notes cannot be saved: %1</source>
        <translation>无法保存备注：%1</translation>
    </message>
</context>
<context>
    <name>hone::ui::SampleAnswersWidget</name>
    <message>
        <source>(empty answer)</source>
        <translation>（空回答）</translation>
    </message>
    <message>
        <source>(only spaces and line breaks)</source>
        <translation>（只有空格和换行）</translation>
    </message>
    <message>
        <source>Test, step %1</source>
        <translation>测试，第 %1 步</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>The model&apos;s answers to a few validation prompts appear here after each evaluation.</source>
        <translation>每次评估后，模型对几条验证提示的回答显示在这里。</translation>
    </message>
    <message>
        <source>Prompt %1</source>
        <translation>提示 %1</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考答案</translation>
    </message>
    <message>
        <source>first evaluation</source>
        <translation>第一次评估</translation>
    </message>
    <message>
        <source>changed since step %1</source>
        <translation>与第 %1 步相比有变化</translation>
    </message>
    <message>
        <source>unchanged since step %1</source>
        <translation>与第 %1 步相比没有变化</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Changes since step %1</source>
        <translation>与第 %1 步相比的变化</translation>
    </message>
    <message>
        <source>Sample answers</source>
        <translation>示例回答</translation>
    </message>
    <message>
        <source>Evaluation:</source>
        <translation>评估：</translation>
    </message>
</context>
<context>
    <name>hone::ui::SettingsDialog</name>
    <message>
        <source>Choose a folder for the runs.</source>
        <translation>请为运行选择一个文件夹。</translation>
    </message>
    <message>
        <source>The runs folder must be an absolute path (it starts with /).</source>
        <translation>运行文件夹必须是绝对路径（以 / 开头）。</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>Folder for Runs</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Runs folder:</source>
        <translation>运行文件夹(&amp;R)：</translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation>计算线程(&amp;T)：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>New runs are created here, and the run history lists this folder. hone-cli uses the same default (HONE_RUNS_DIR overrides it).</source>
        <translation>新的运行创建在这里，运行记录列出此文件夹中的运行。hone-cli 使用相同的默认位置（可用 HONE_RUNS_DIR 覆盖）。</translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <source>Threads LibTorch uses for training and prediction. Fewer threads leave the computer responsive for other work.</source>
        <translation>LibTorch 在训练和预测时使用的线程数。线程少一些，电脑处理其他工作时会更流畅。</translation>
    </message>
</context>
<context>
    <name>hone::ui::SplitPage</name>
    <message>
        <source>Validation File</source>
        <translation>验证文件</translation>
    </message>
    <message>
        <source>Test File</source>
        <translation>测试文件</translation>
    </message>
    <message>
        <source>The shares add up to %1%; they must add up to 100%.</source>
        <translation>各部分之和为 %1%，必须等于 100%。</translation>
    </message>
    <message>
        <source>The training share must be above 0%.</source>
        <translation>训练比例必须大于 0%。</translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)</source>
        <translation>数据文件 (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Without a validation file, %1% of the training file is held out for validation.</source>
        <translation>没有验证文件时，从训练文件中留出 %1% 作为验证集。</translation>
    </message>
    <message>
        <source>Without a test file, the run has no test score.</source>
        <translation>没有测试文件时，运行不会有测试分数。</translation>
    </message>
    <message>
        <source>Splitting…</source>
        <translation>正在划分…</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Rows per class and split</source>
        <translation>各类别在各划分中的行数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Rows per class and split (%1 in all)</source>
        <translation>各类别在各划分中的行数（共 %1 行）</translation>
    </message>
    <message>
        <source>No validation rows: the best model cannot be chosen and early stopping cannot work.</source>
        <translation>没有验证行：无法选出最佳模型，早停也无法生效。</translation>
    </message>
    <message>
        <source>Total: %1%</source>
        <translation>合计：%1%</translation>
    </message>
    <message>
        <source>These rows cannot be split this way: %1</source>
        <translation>无法按此方式划分这些行：%1</translation>
    </message>
    <message>
        <source>Split into training, validation and test</source>
        <translation>划分为训练集、验证集和测试集</translation>
    </message>
    <message>
        <source>The model learns from the training rows, is chosen on the validation rows and is scored once on the test rows it has never seen.</source>
        <translation>在训练集上学习，用验证集挑选模型，最后在测试集上评分。</translation>
    </message>
    <message>
        <source>Split the file by &amp;ratios</source>
        <translation>按比例划分文件(&amp;R)</translation>
    </message>
    <message>
        <source>Use separate &amp;files for validation and test</source>
        <translation>使用单独的验证和测试文件(&amp;F)</translation>
    </message>
    <message>
        <source>Training:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>测试：</translation>
    </message>
    <message>
        <source>Validation file:</source>
        <translation>验证文件：</translation>
    </message>
    <message>
        <source>Test file:</source>
        <translation>测试文件：</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Stratify (keep the class proportions in every split)</source>
        <translation>分层抽样(&amp;S)（在每个划分中保持类别比例）</translation>
    </message>
    <message>
        <source>Each class is split by the same ratios, so a rare class appears in every split.</source>
        <translation>每个类别按相同比例划分，因此稀有类别会出现在每个划分中。</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>种子(&amp;E)：</translation>
    </message>
    <message>
        <source>The same seed gives the same split and the same training order (seed).</source>
        <translation>相同的种子会得到相同的划分和相同的训练顺序 (seed)。</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>The file without leaked rows cannot be written: %1</source>
        <translation>无法写入去除泄漏行后的文件：%1</translation>
    </message>
    <message>
        <source>Drop Leaked Rows</source>
        <translation>去除泄漏行</translation>
    </message>
    <message>
        <source>Separate files: save the validation and test files without the texts the training file (or validation file) already has, and use those. One file: remove its duplicates.</source>
        <translation>分开的文件：保存不含训练文件（或验证文件）中已有文本的验证和测试文件，并使用它们。单个文件：去除其中的重复。</translation>
    </message>
    <message>
        <source>Samples per split</source>
        <translation>各划分的样本数</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Samples per split (%1 in all)</source>
        <translation>各划分的样本数（共 %1 个）</translation>
    </message>
    <message>
        <source>No validation samples: the run reports no validation loss or sample answers, and the best model cannot be chosen.</source>
        <translation>没有验证样本：运行不会报告验证损失和示例回答，也无法选出最佳模型。</translation>
    </message>
    <message>
        <source>The model learns from the training samples; the validation samples give the validation loss, the perplexity and the sample answers at each evaluation; the test samples are scored once at the end.</source>
        <translation>模型从训练样本学习；验证样本在每次评估时给出损失、困惑度和示例回答；测试样本最后评分一次。</translation>
    </message>
</context>
<context>
    <name>hone::ui::TrainingJob</name>
    <message>
        <source>A file or folder could not be read or written</source>
        <translation>无法读写某个文件或文件夹</translation>
    </message>
    <message>
        <source>A file is not in the expected format</source>
        <translation>文件格式不符合预期</translation>
    </message>
    <message>
        <source>Hone does not support this</source>
        <translation>Hone 不支持此项</translation>
    </message>
    <message>
        <source>A setting is out of range or inconsistent</source>
        <translation>某项设置超出范围或前后矛盾</translation>
    </message>
    <message>
        <source>Something needed was not found</source>
        <translation>找不到所需的内容</translation>
    </message>
    <message>
        <source>Stopped by the user</source>
        <translation>已被用户停止</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>内部错误</translation>
    </message>
</context>
<context>
    <name>hone::ui::TrainingProgressWidget</name>
    <message>
        <source>Preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在载入模型</translation>
    </message>
    <message>
        <source>Reading the data</source>
        <translation>正在读取数据</translation>
    </message>
    <message>
        <source>Tokenizing</source>
        <translation>正在分词</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Evaluating on the validation split</source>
        <translation>正在验证集上评估</translation>
    </message>
    <message>
        <source>Evaluating on the test split</source>
        <translation>正在测试集上评估</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current step; a checkpoint is written so the run can be resumed</source>
        <translation>在当前步结束后停止；会写入检查点，之后可以继续运行</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue this run from its last checkpoint</source>
        <translation>从最后一个检查点继续此运行</translation>
    </message>
    <message>
        <source>No run</source>
        <translation>没有运行</translation>
    </message>
    <message>
        <source>Stopping… writing a checkpoint</source>
        <translation>正在停止…写入检查点</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Training in another process (hone-cli)</source>
        <translation>正在另一个进程中训练（hone-cli）</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopped by the user; it can be resumed</source>
        <translation>已被用户停止；可以继续</translation>
    </message>
    <message>
        <source>Interrupted (the process ended unexpectedly); it can be resumed</source>
        <translation>已中断（进程意外结束）；可以继续</translation>
    </message>
    <message>
        <source>Epoch %1 of %2</source>
        <translation>第 %1 / %2 轮</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>%1 samples/s</source>
        <translation>%1 样本/秒</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <source>%1 / %2 steps</source>
        <translation>%1 / %2 步</translation>
    </message>
</context>
</TS>
