//! The CLI's one way to a board: typed calls of the contract (`call::<AdrCreate>(&request)`)
//! carried as JSON bytes by a `Transport`, so every command means the same thing as the same
//! call from the desktop app or `POST /api/<name>`, and could run against another board.

use archboard_engine::Services;
use archboard_types::ApiError;
use archboard_types::endpoint::Endpoint;

/// Carries one encoded request to a board and brings its encoded answer (or its refusal) back.
///
/// The local transport is the engine itself ([`Services::dispatch_json`], in this process). A
/// team server (`--server URL`) is [`Remote`]: it POSTs the same bytes to `<URL>/api/<name>`
/// with the user's API token and reads the `ApiError` body of a 4xx/5xx answer. Nothing else
/// in the CLI changes for it; `cli::open_client` picks the one.
pub trait Transport {
    fn send(&mut self, name: &str, request: &[u8]) -> Result<Vec<u8>, ApiError>;
}

/// The board on this machine, opened by this process.
impl Transport for Services {
    fn send(&mut self, name: &str, request: &[u8]) -> Result<Vec<u8>, ApiError> {
        self.dispatch_json(name, request)
    }
}

/// A team server's board, as the user whose personal API token this is.
pub struct Remote {
    url: String,
    token: String,
    http: reqwest::blocking::Client,
}

impl Remote {
    pub fn new(url: &str, token: &str) -> Result<Remote, ApiError> {
        let http = reqwest::blocking::Client::builder()
            .user_agent(concat!("archboard-cli/", env!("CARGO_PKG_VERSION")))
            // Folder imports and benchmark polling stay well inside this.
            .timeout(std::time::Duration::from_secs(300))
            .build()
            .map_err(|e| ApiError::internal(format!("cannot set up HTTP for {url}: {e}")))?;
        Ok(Remote { url: url.to_owned(), token: token.to_owned(), http })
    }
}

impl Transport for Remote {
    fn send(&mut self, name: &str, request: &[u8]) -> Result<Vec<u8>, ApiError> {
        let answer = self
            .http
            .post(format!("{}/api/{name}", self.url))
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(request.to_vec())
            .send()
            .map_err(|e| ApiError::internal(format!("cannot reach the team server at {}: {e}", self.url)))?;
        let status = answer.status();
        let body = answer
            .bytes()
            .map_err(|e| ApiError::internal(format!("the answer from {} broke off: {e}", self.url)))?;
        if status.is_success() {
            return Ok(body.to_vec());
        }
        // The server's refusal, said as it said it, with which server said it.
        let mut error: ApiError = serde_json::from_slice(&body).unwrap_or_else(|_| {
            ApiError::internal(format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&body).chars().take(200).collect::<String>()
            ))
        });
        error.message = format!("{}: {}", self.url, error.message);
        Err(error)
    }
}

/// A board reached through the contract's endpoint table.
pub struct Client {
    transport: Box<dyn Transport>,
    /// A team server's board, shared with others (see [`Client::is_shared`]).
    shared: bool,
}

impl Client {
    pub fn new(transport: impl Transport + 'static) -> Client {
        Client { transport: Box::new(transport), shared: true }
    }

    /// The board in `services`, called in process.
    pub fn local(services: Services) -> Client {
        Client { transport: Box::new(services), shared: false }
    }

    /// Whether others write this board too: then a path stored in it (a collection's folder)
    /// may have been set by someone else and must not be read from this machine unasked.
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// Runs endpoint `E`. The request goes through serde exactly as it would over HTTP, so a
    /// command cannot rely on anything the wire would not carry.
    pub fn call<E: Endpoint>(&mut self, request: &E::Request) -> Result<E::Response, ApiError> {
        let body = serde_json::to_vec(request)
            .map_err(|e| ApiError::internal(format!("cannot encode the `{}` request: {e}", E::NAME)))?;
        let answer = self.transport.send(E::NAME, &body)?;
        serde_json::from_slice(&answer)
            .map_err(|e| ApiError::internal(format!("cannot read the answer to `{}`: {e}", E::NAME)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_engine::jobs::Jobs;
    use archboard_engine::services::Adapter;
    use archboard_types::ErrorCode;
    use archboard_types::adr::{AdrListQuery, AdrRef, NewAdr};
    use archboard_types::endpoint::{AdrCreate, AdrGet, AdrList, AppInfo};
    use archboard_types::system::Empty;

    fn board() -> (tempfile::TempDir, Client) {
        let dir = tempfile::tempdir().unwrap();
        let services =
            Services::open_with_jobs(&dir.path().join("board.db"), Adapter::Cli, Jobs::default()).unwrap();
        (dir, Client::local(services))
    }

    #[test]
    fn typed_calls_reach_the_board_and_come_back_decoded() {
        let (_dir, mut client) = board();
        let info = client.call::<AppInfo>(&Empty {}).unwrap();
        assert_eq!((info.adapter.as_str(), info.adr_count), ("cli", 0));
        let created =
            client.call::<AdrCreate>(&NewAdr { title: "Use SQLite".into(), ..Default::default() }).unwrap();
        assert_eq!(created.number, 1);
        let list = client.call::<AdrList>(&AdrListQuery::default()).unwrap();
        assert_eq!(list.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), ["Use SQLite"]);
    }

    #[test]
    fn refusals_arrive_as_the_engines_api_error() {
        let (_dir, mut client) = board();
        let error = client.call::<AdrGet>(&AdrRef { id: 7 }).unwrap_err();
        assert_eq!(
            (error.code, error.message.as_str()),
            (ErrorCode::NotFound, "There is no decision with id 7.")
        );
    }

    /// A transport that answers what no board would, to show the client reports it by name.
    struct Garbled;

    impl Transport for Garbled {
        fn send(&mut self, _name: &str, _request: &[u8]) -> Result<Vec<u8>, ApiError> {
            Ok(b"{\"nope\": 1}".to_vec())
        }
    }

    #[test]
    fn an_answer_that_does_not_decode_is_an_internal_error_naming_the_operation() {
        let error = Client::new(Garbled).call::<AdrGet>(&AdrRef { id: 1 }).unwrap_err();
        assert_eq!(error.code, ErrorCode::Internal);
        assert!(error.message.contains("`adr_get`"), "{}", error.message);
    }
}
