//! Files of codes chosen in an `<input type=file multiple>` (learner result files, survey response files):
//! each read as text and parsed into labelled codes as it arrives. A newer selection stops the readers of
//! an older one, and a reading that ends after it is ignored.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::domain::learner::ResultFileError;

/// Reads one file (its name, its text) into labelled codes.
pub type Parse = fn(&str, &str) -> Result<Vec<(String, String)>, ResultFileError>;

/// A chosen file: its name and, once read, its labelled codes or why it cannot be used.
struct FileEntry {
    /// Which selection of files it belongs to: a reading that ends after a newer selection is ignored.
    batch: u64,
    name: String,
    read: Option<Result<Vec<(String, String)>, String>>,
}

/// The chosen files and their readers ([`use_code_files`]).
#[derive(Clone)]
pub struct CodeFiles {
    entries: Rc<RefCell<Vec<FileEntry>>>,
    readers: Rc<RefCell<Vec<FileReader>>>,
    batch: Rc<RefCell<u64>>,
    redraw: UseForceUpdateHandle,
    parse: Parse,
}

/// Files of codes read with `parse`; the component re-renders as each file is read.
#[hook]
pub fn use_code_files(parse: Parse) -> CodeFiles {
    CodeFiles {
        entries: use_mut_ref(Vec::new),
        readers: use_mut_ref(Vec::new),
        batch: use_mut_ref(|| 0u64),
        redraw: use_force_update(),
        parse,
    }
}

impl CodeFiles {
    /// Starts reading the files chosen in the input that fired `e`, dropping any earlier selection.
    pub fn choose(&self, e: &Event) {
        let input: HtmlInputElement = e.target_unchecked_into();
        *self.batch.borrow_mut() += 1;
        let this = *self.batch.borrow();
        // Dropping the readers of an earlier selection stops them.
        self.readers.borrow_mut().clear();
        self.entries.borrow_mut().clear();
        let Some(list) = input.files() else { return };
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let file = gloo::file::File::from(file);
            let name = file.name();
            self.entries.borrow_mut().push(FileEntry { batch: this, name: name.clone(), read: None });
            let (entries, redraw, parse) = (self.entries.clone(), self.redraw.clone(), self.parse);
            let reader = gloo::file::callbacks::read_as_text(&file, move |res| {
                let read = match res {
                    Ok(text) => parse(&name, &text).map_err(|e| e.message),
                    Err(e) => Err(format!("could not be read as text ({e})")),
                };
                if let Some(f) = entries.borrow_mut().get_mut(i as usize).filter(|f| f.batch == this) {
                    f.read = Some(read);
                }
                redraw.force_update();
            });
            self.readers.borrow_mut().push(reader);
        }
        self.redraw.force_update();
    }

    /// Forgets the chosen files (and stops reading them); `input` is the file input, emptied too.
    pub fn clear(&self, input: &NodeRef) {
        self.readers.borrow_mut().clear();
        self.entries.borrow_mut().clear();
        if let Some(i) = input.cast::<HtmlInputElement>() {
            i.set_value("");
        }
        self.redraw.force_update();
    }

    /// The codes of the files read so far, after `codes`, and (file name, reason) for each file that gives
    /// none: unreadable, not a file of codes, or still being read (`again` names the button to press again).
    pub fn collect(&self, mut codes: Vec<(String, String)>, again: &str) -> (Vec<(String, String)>, Vec<(String, String)>) {
        let mut refused = Vec::new();
        for f in self.entries.borrow().iter() {
            match &f.read {
                None => refused.push((f.name.clone(), format!("still being read; press {again} again"))),
                Some(Err(why)) => refused.push((f.name.clone(), why.clone())),
                Some(Ok(list)) => codes.extend(list.iter().cloned()),
            }
        }
        (codes, refused)
    }

    /// One list item per chosen file: its name and how far it has been read.
    pub fn items(&self) -> Vec<Html> {
        self.entries
            .borrow()
            .iter()
            .map(|f| {
                let state = match &f.read {
                    None => "reading…".to_string(),
                    Some(Ok(list)) => if list.len() == 1 { "1 code".to_string() } else { format!("{} codes", list.len()) },
                    Some(Err(_)) => "cannot be used (see the check)".to_string(),
                };
                html! { <li>{ format!("{}: {state}", f.name) }</li> }
            })
            .collect()
    }
}
