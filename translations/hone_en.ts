<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
    <name>hone::ui::EmptyStateWidget</name>
    <message>
        <source>Fine-tune a language model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a pretrained model, load a labelled dataset, choose hyperparameters and watch the model learn. Every run is kept so you can compare and export it.</source>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
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
        <source>&amp;Start</source>
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
        <source>&lt;h3&gt;Hone in five steps&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Model&lt;/b&gt;: pick a pretrained model found on this computer or browse to a Hugging Face folder.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Data&lt;/b&gt;: open a CSV, TSV or JSONL file and choose the text and label columns.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Split&lt;/b&gt;: train/validation/test ratios, stratified and seeded.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Hyperparameters&lt;/b&gt;: start from a preset and adjust.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Train&lt;/b&gt;: watch loss, accuracy and the confusion matrix live; compare and export runs.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Everything the wizard does can also be done with &lt;code&gt;hone-cli&lt;/code&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
