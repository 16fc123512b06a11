<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>hone::ui::EmptyStateWidget</name>
    <message>
        <source>Fine-tune a language model</source>
        <translation>微调语言模型</translation>
    </message>
    <message>
        <source>Pick a pretrained model, load a labelled dataset, choose hyperparameters and watch the model learn. Every run is kept so you can compare and export it.</source>
        <translation>选择预训练模型，载入标注数据集，设置超参数，然后实时观察模型的学习过程。每次运行都会保留，便于比较和导出。</translation>
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
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
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
        <source>&lt;h3&gt;Hone in five steps&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Model&lt;/b&gt;: pick a pretrained model found on this computer or browse to a Hugging Face folder.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Data&lt;/b&gt;: open a CSV, TSV or JSONL file and choose the text and label columns.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Split&lt;/b&gt;: train/validation/test ratios, stratified and seeded.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Hyperparameters&lt;/b&gt;: start from a preset and adjust.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Train&lt;/b&gt;: watch loss, accuracy and the confusion matrix live; compare and export runs.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Everything the wizard does can also be done with &lt;code&gt;hone-cli&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;五步上手 Hone&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;模型&lt;/b&gt;：选择本机已有的预训练模型，或浏览到 Hugging Face 模型文件夹。&lt;/li&gt;&lt;li&gt;&lt;b&gt;数据&lt;/b&gt;：打开 CSV、TSV 或 JSONL 文件，选择文本列和标签列。&lt;/li&gt;&lt;li&gt;&lt;b&gt;划分&lt;/b&gt;：按比例划分训练/验证/测试集，分层抽样，可设随机种子。&lt;/li&gt;&lt;li&gt;&lt;b&gt;超参数&lt;/b&gt;：从预设开始，再按需调整。&lt;/li&gt;&lt;li&gt;&lt;b&gt;训练&lt;/b&gt;：实时查看损失、准确率和混淆矩阵；比较并导出运行。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;向导能做的一切，也都可以用 &lt;code&gt;hone-cli&lt;/code&gt; 完成。&lt;/p&gt;</translation>
    </message>
</context>
</TS>
