/* 吉林招商 admin: each <textarea data-richtext> becomes the Jodit editor (static/vendor/jodit).
 * Without JavaScript the textarea stays and takes HTML as before. No inline script: everything
 * comes from data- attributes. Images go to the site's own media, each with a description
 * (alt text) the editor must write; the server checks the same on upload and on save. */
(function () {
  "use strict";

  // The block formats our cleaner keeps (jlsite/html.py); the page title is the only h1.
  var BLOCKS = {
    p: "正文段落",
    h2: "二级标题",
    h3: "三级标题",
    h4: "四级标题",
    blockquote: "引用"
  };

  // Words Jodit's zh_cn pack leaves in English.
  var WORDING = {
    "Alternative text": "图片说明（必填）",
    Alternative: "图片说明",
    Src: "图片地址",
    Title: "标题",
    Link: "链接",
    URL: "链接地址",
    Anchor: "锚点",
    "No follow": "不跟踪"
  };

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function csrfToken(textarea) {
    var input = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function uploadImage(url, token, file, alt) {
    var data = new FormData();
    data.append("image", file);
    data.append("alt", alt);
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" }
    }).then(
      function (response) {
        return response.json().then(
          function (reply) {
            if (!response.ok || !reply.url) {
              throw new Error(reply.error || "上传失败，请稍后重试。");
            }
            return reply;
          },
          function () {
            throw new Error("上传失败：登录可能已过期，请在新窗口登录后再试。");
          }
        );
      },
      function () {
        throw new Error("上传失败：请检查网络连接后重试。");
      }
    );
  }

  function openImageDialog(editor, textarea) {
    editor.s.save();
    var file = element("input", {
      type: "file",
      name: "image",
      accept: "image/jpeg,image/png,image/gif,image/webp"
    });
    var alt = element("input", { type: "text", name: "alt", maxlength: "200", size: "40" });
    var problem = element("p", { class: "errornote", role: "alert", hidden: "" });
    var submit = element("input", { type: "submit", value: "上传并插入", class: "default" });
    var cancel = element("button", { type: "button" }, ["取消"]);
    var form = element("form", { method: "dialog" }, [
      element("h2", {}, ["插入图片"]),
      element("p", {}, [
        element("label", {}, ["图片文件（JPG、PNG、GIF 或 WebP，10 MB 以内）", element("br"), file])
      ]),
      element("p", {}, [element("label", {}, ["图片说明（必填）", element("br"), alt])]),
      element("p", { class: "help" }, [
        "写明图片里是什么，如“长春新区项目签约现场”。读屏软件会朗读这段文字，图片打不开时也显示它。"
      ]),
      problem,
      element("div", { class: "submit-row" }, [submit, " ", cancel])
    ]);
    var dialog = element("dialog", { class: "richtext-image-dialog", "aria-label": "插入图片" }, [form]);

    function complain(message) {
      problem.textContent = message;
      problem.hidden = false;
    }

    cancel.addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      dialog.remove();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var description = alt.value.trim();
      if (!file.files.length) {
        complain("请选择要上传的图片文件。");
        return;
      }
      if (!description) {
        complain("请填写图片说明：没有说明的图片不能插入。");
        alt.focus();
        return;
      }
      submit.disabled = true;
      submit.value = "正在上传…";
      uploadImage(textarea.getAttribute("data-upload-url"), csrfToken(textarea), file.files[0], description)
        .then(function (reply) {
          dialog.close();
          editor.s.restore();
          var image = editor.createInside.element("img");
          image.setAttribute("src", reply.url);
          image.setAttribute("alt", reply.alt);
          editor.s.insertImage(image, null, null);
        })
        .catch(function (error) {
          complain(error.message);
          submit.disabled = false;
          submit.value = "上传并插入";
        });
    });
    document.body.append(dialog);
    dialog.showModal();
  }

  // A screenshot pasted or a file dropped would arrive without a description: send the editor
  // to the upload dialog instead. (Pasted Word or web content may carry a picture of itself as
  // a file too: that has text with it, and goes through.)
  function refuseBareFiles(editor) {
    return function (event) {
      var data = event.clipboardData || event.dataTransfer;
      if (data && data.files.length && !data.getData("text/html") && !data.getData("text/plain")) {
        event.preventDefault();
        event.stopImmediatePropagation();
        editor.message.info("图片请用工具栏的“插入图片”按钮上传，并填写图片说明。", 6000);
      }
    };
  }

  // Edits in the source view reach the textarea after a short delay: a save within it must
  // not lose them.
  function syncOnSubmit(editor, textarea) {
    if (!textarea.form) {
      return;
    }
    textarea.form.addEventListener("submit", function () {
      if (editor.getMode() !== Jodit.MODE_WYSIWYG) {
        editor.setMode(Jodit.MODE_WYSIWYG);
      }
      editor.synchronizeValues();
    });
  }

  function start(textarea) {
    var buttons = ["paragraph", "bold", "italic", "|", "ul", "ol", "|", "table", "link"];
    if (textarea.getAttribute("data-upload-url")) {
      buttons.push("uploadImage");
    }
    buttons.push("|", "undo", "redo", "|", "source");
    var editor = Jodit.make(textarea, {
      language: "zh_cn",
      i18n: { zh_cn: WORDING },
      toolbarAdaptive: false,
      buttons: buttons,
      controls: {
        paragraph: { list: Jodit.atom(BLOCKS) },
        ul: { list: null }, // list styles would be inline styles, which the cleaner drops
        ol: { list: null },
        uploadImage: {
          icon: "image",
          tooltip: "插入图片（上传到本站，须填写图片说明）",
          exec: function (editor) {
            openImageDialog(editor, textarea);
          }
        }
      },
      width: "100%",
      maxWidth: 960,
      minHeight: 360,
      // Pasted HTML, from Word or a web page, loses its styles, classes and Office markup.
      askBeforePasteHTML: false,
      askBeforePasteFromWord: false,
      defaultActionOnPaste: "insert_clear_html",
      defaultActionOnPasteFromWord: "insert_as_text", // Jodit's name for its Word clean-up
      cleanHTML: { replaceOldTags: { i: "em", b: "strong", h1: "h2" } },
      // Images only through the upload dialog, which asks for the description.
      enableDragAndDropFileToEditor: false,
      uploader: { insertImageAsBase64URI: false },
      image: {
        editSrc: false,
        useImageEditor: false,
        editClass: false,
        editStyle: false,
        editId: false,
        editMargins: false,
        editBorderRadius: false,
        editAlign: false
      },
      link: { noFollowCheckbox: false, openInNewTabCheckbox: false, modeClassName: null },
      // Nothing from a CDN: the plain source view, no beautifier.
      sourceEditor: "area",
      beautifyHTML: false,
      hidePoweredByJodit: true,
      showXPathInStatusbar: false
    });
    var refuse = refuseBareFiles(editor);
    editor.editor.addEventListener("paste", refuse, true);
    editor.editor.addEventListener("drop", refuse, true);
    syncOnSubmit(editor, textarea);
  }

  function startAll() {
    document.querySelectorAll("textarea[data-richtext]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
