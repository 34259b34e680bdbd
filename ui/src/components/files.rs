//! Files through the browser: reading picked files' bytes with the File API, and offering a
//! download (the desktop uses native dialogs instead); `save_exported` picks the one that
//! reaches the user.

use wasm_bindgen::JsCast;

/// The bytes of a picked file.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("Cannot read {}.", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The first file chosen in a file input, if any.
pub fn first_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files().and_then(|files| files.get(0))
}

/// Offers `content` as a file download.
pub fn download(name: &str, content: &[u8], mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot build the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot offer the file")?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| "no anchor")?.dyn_into().map_err(|_| "no anchor")?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Some browsers start the download after click() returns: free the URL a little later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// Saves a file an export returned: a download in a browser, the native save dialog on the
/// desktop. Answers where it went (`None` when the user cancelled the dialog), or the problem.
pub async fn save_exported(
    file: &archboard_types::files::ExportedFile,
    mime: &str,
) -> Result<Option<String>, String> {
    if crate::backend::in_desktop() {
        return crate::backend::desktop_save_file(file).await.map_err(|error| error.message);
    }
    download(&file.path, file.content.as_slice(), mime)?;
    Ok(Some(file.path.clone()))
}

/// The text of a picked file (CSV, ICS, JSON uploads).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let bytes = read_bytes(file).await?;
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text.", file.name()))
}
